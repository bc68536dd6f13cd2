#!/bin/sh
# docs/supervisord-mapping.md has a row for every schema key that has a
# supervisord (or nginx, or init script) name, read from compiler/schema.def.
python3 - <<'PY'
import re, sys
words = {"SB_TOP": "top", "SB_SUPERVISOR": "supervisor", "SB_SERVICE": "service",
         "SB_GROUP": "group", "SB_NGINX": "nginx", "SB_INITSCRIPT": "initscript",
         "SB_SOCKET": "socket", "SB_AUTH": "auth", "SB_LOG": "log"}
doc = open("docs/supervisord-mapping.md").read()
missing = n = 0
for line in open("compiler/schema.def"):
    if not line.startswith("X("):
        continue
    toks = [t.strip() for t in re.findall(r'"(?:[^"\\]|\\.)*"|[^,]+', line[2:line.rstrip().rfind(")")]) if t.strip()]
    block, key, ini = toks[1], toks[2].strip('"'), toks[11]
    if ini == "NULL":
        continue
    n += 1
    row = "| `%s %s` | `%s` |" % (words[block], key, ini.strip('"'))
    if row not in doc:
        print("docs/supervisord-mapping.md has no row " + row)
        missing += 1
if n < 40:
    print("only %d keys with a supervisord name found in schema.def" % n)
    missing += 1
sys.exit(1 if missing else 0)
PY
