#!/usr/bin/env python3
# Checks a translation catalogue against the source tree:
#  - every file with a string marked for translation is in po/POTFILES.in
#    (a file left out would have all its strings missing);
#  - every string xgettext extracts from those files is in the catalogue,
#    translated, and not fuzzy;
#  - msgfmt --check accepts it (printf conversions kept, plural forms);
#  - a translation of English words has Chinese characters in it.
#
#   check-translations.py SRCDIR PO [--only FILE ...]
#
# --only restricts the check to some source files (for translators who
# work on one part of the tree; POTFILES.in coverage is then not checked).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import os
import re
import subprocess
import sys
import tempfile

# The arguments meson's i18n.gettext(preset: 'glib') gives xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format', '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

MARK_C = re.compile(r'\b(?:N?_|C_|NC_|g_dngettext|g_dpgettext2)\s*\(')
MARK_XML = re.compile(r'translatable="yes"|<_?(?:p|li|summary|name|caption)>'
                      r'|^(?:_?Name|_?Comment|_?GenericName|_?Keywords)=')

# Words a translation may keep as they are: names, protocols, commands.
KEEP = {
    'fotadesk', 'onenet', 'onemo', 'luat', 'rsfota', 'mfw', 'fota',
    'modemmanager', 'brltty', 'udev', 'udevadm', 'flatpak', 'dialout',
    'imei', 'iccid', 'imsi', 'url', 'urls', 'http', 'https', 'ftp', 'ftps',
    'csv', 'json', 'cme', 'urc', 'urcs', 'at', 'ok', 'sim', 'usb', 'uart',
    'sha', 'md', 'crc', 'id', 'gtk', 'glib', 'libadwaita', 'libcurl',
    'libserialport', 'json-glib', 'tty', 'pty', 'io', 'github',
}


def read_potfiles(srcdir):
    files = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                files.append(line)
    return files


def marked_files(srcdir):
    found = []
    for top in ('src', 'ui', 'data'):
        for root, _dirs, names in os.walk(os.path.join(srcdir, top)):
            for name in names:
                path = os.path.join(root, name)
                rel = os.path.relpath(path, srcdir)
                if name.endswith('.c'):
                    pattern = MARK_C
                elif name.endswith(('.ui', '.xml.in', '.desktop.in', '.gschema.xml')):
                    pattern = MARK_XML
                else:
                    continue
                with open(path, encoding='utf-8', errors='replace') as f:
                    text = f.read()
                if any(pattern.search(line) for line in text.splitlines()):
                    found.append(rel)
    return sorted(found)


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out = []
    i = 0
    escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r'}
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


class Entry:
    def __init__(self):
        self.flags = set()
        self.refs = []
        self.fields = {}
        self.obsolete = False

    def key(self):
        return (self.fields.get('msgctxt'), self.fields.get('msgid', ''))


def parse_po(path):
    entries = []
    cur = Entry()
    field = None

    def flush():
        nonlocal cur, field
        if 'msgid' in cur.fields:
            entries.append(cur)
        cur = Entry()
        field = None

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            if line.startswith('#~'):
                cur.obsolete = True
                continue
            if not line.strip():
                flush()
                continue
            if line.startswith('#,'):
                if 'msgid' in cur.fields:
                    flush()
                cur.flags.update(x.strip() for x in line[2:].split(','))
            elif line.startswith('#:'):
                if 'msgid' in cur.fields:
                    flush()
                cur.refs.extend(line[2:].split())
            elif line.startswith('#'):
                if 'msgid' in cur.fields:
                    flush()
            elif line.startswith('"'):
                cur.fields[field] += unquote(line)
            else:
                name, _sep, rest = line.partition(' ')
                if name in ('msgctxt', 'msgid') and 'msgid' in cur.fields:
                    flush()
                field = name
                cur.fields[field] = unquote(rest)
    flush()
    return [e for e in entries if not e.obsolete]


def english_words(text):
    text = re.sub(r'%(?:\d+\$)?[-+ #0\']*\d*(?:\.\d+)?(?:l|ll|h|z|j|G_G?[A-Z0-9_]+)?[a-zA-Z%]', ' ', text)
    text = re.sub(r'\b[a-z]+://\S*', ' ', text)             # URLs
    text = re.sub(r'\bAT[+^$&]?[A-Z0-9+=?"",.<>\-_]*', ' ', text)  # AT commands
    text = re.sub(r'--?[a-z][a-z0-9-]*', ' ', text)          # options
    text = re.sub(r'\S*[/.]\S*[/.]\S*', ' ', text)           # paths, versions
    text = re.sub(r'<[^>]*>', ' ', text)                     # markup, placeholders
    text = re.sub(r'\b[a-z]+(?:-[a-z]+)+\b', ' ', text)      # error names
    words = []
    for w in re.findall(r'[A-Za-z][A-Za-z\']+', text):
        if w.lower() in KEEP or w.isupper() or re.search(r'\d', w):
            continue
        words.append(w)
    return words


def has_cjk(text):
    return re.search(r'[\u3400-\u9fff\uf900-\ufaff]', text) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('srcdir')
    ap.add_argument('po')
    ap.add_argument('--only', nargs='+')
    args = ap.parse_args()
    problems = []

    if args.only:
        files = args.only
    else:
        files = read_potfiles(args.srcdir)
        listed = set(files)
        for rel in marked_files(args.srcdir):
            if rel not in listed:
                problems.append(f'{rel}: has strings marked for translation but is not in po/POTFILES.in')
        for rel in files:
            if not os.path.exists(os.path.join(args.srcdir, rel)):
                problems.append(f'po/POTFILES.in: {rel} does not exist')
        files = [f for f in files if os.path.exists(os.path.join(args.srcdir, f))]

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'fotadesk.pot')
        subprocess.run(['xgettext', *XGETTEXT_ARGS, '--directory', args.srcdir,
                        '-o', pot, *files], check=True)
        template = parse_po(pot) if os.path.exists(pot) else []
        check = subprocess.run(['msgfmt', '--check', '-o', os.devnull, args.po],
                               capture_output=True, text=True)
        if check.returncode != 0:
            problems.append('msgfmt --check:\n' + check.stderr.strip())

    catalogue = {e.key(): e for e in parse_po(args.po)}
    counts = {'missing': 0, 'untranslated': 0, 'fuzzy': 0, 'not-chinese': 0}
    for t in template:
        if t.key() == (None, ''):
            continue
        where = ' '.join(t.refs[:2])
        shown = t.key()[1].replace('\n', '\\n')[:70]
        e = catalogue.get(t.key())
        if e is None:
            counts['missing'] += 1
            problems.append(f'{where}: not in the catalogue: "{shown}"')
            continue
        strs = [v for k, v in e.fields.items() if k.startswith('msgstr')]
        if not strs or any(not s for s in strs):
            counts['untranslated'] += 1
            problems.append(f'{where}: untranslated: "{shown}"')
        elif 'fuzzy' in e.flags:
            counts['fuzzy'] += 1
            problems.append(f'{where}: fuzzy: "{shown}"')
        elif english_words(t.key()[1]) and not all(has_cjk(s) for s in strs):
            counts['not-chinese'] += 1
            problems.append(f'{where}: translation has no Chinese characters: "{shown}"')

    for p in problems:
        print(p)
    print(f'{len(template) - 1} strings in {len(files)} files; '
          + ', '.join(f'{v} {k}' for k, v in counts.items()))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
