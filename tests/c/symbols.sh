#!/usr/bin/env bash
# symbols.sh LIB MAP HEADER...: the library's dynamic symbols are exactly the functions and data
# the public headers declare (nothing of Go's runtime or cgo's glue leaks), the version script
# lists the same names, and the SONAME is libossresume.so.<major>.
set -euo pipefail
lib=$1 map=$2
shift 2
headers=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Declared names: prototypes and extern data at file scope. Comments, preprocessor lines and
# every brace block (struct, enum and inline bodies) go first; what remains splits on ';'.
perl -0777 -ne '
  s{/\*.*?\*/}{}gs; s{//[^\n]*}{}g;
  s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}gm;
  s{\b(?:AOS|OSS)_CPP_(?:START|END)\b}{}g;
  1 while s{\{[^{}]*\}}{;}gs;
  for my $st (split /;/) {
    $st =~ s/^\s+|\s+$//g;
    next if $st eq "" || $st =~ /^(typedef|static)\b/;
    if ($st =~ /^extern\b/) {
      $st =~ s/\[[^\]]*\]//g;
      print "$1\n" if $st =~ /(\w+)\s*$/;
    } elsif ($st =~ /(\w+)\s*\(/) {
      print "$1\n";
    }
  }' "${headers[@]}" | sort -u >"$tmp/declared"

nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep -v '^LIBOSSRESUME_' | sort -u >"$tmp/exported"

status=0
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
  echo "exported symbols differ from the headers' declarations (- declared only, + exported only):"
  grep '^[-+][^-+]' "$tmp/diff" || true
  status=1
fi
# Every explicit name in the version script must be declared (wildcards aside).
grep -oE '^\s+[A-Za-z_][A-Za-z0-9_]*;' "$map" | tr -d ' ;' | sort -u >"$tmp/mapped"
if extra=$(comm -23 "$tmp/mapped" "$tmp/declared") && [ -n "$extra" ]; then
  echo "version script names no header declares: $extra"
  status=1
fi
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [[ ! "$soname" =~ ^libossresume\.so\.[0-9]+$ ]]; then
  echo "SONAME is '$soname', want libossresume.so.<major>"
  status=1
fi
n=$(wc -l <"$tmp/exported")
if [ "$status" -eq 0 ]; then
  echo "$n exported symbols, exactly those the ${#headers[@]} headers declare; SONAME $soname"
  echo "3 passed, 0 failed"
else
  echo "0 passed, 1 failed"
fi
exit "$status"
