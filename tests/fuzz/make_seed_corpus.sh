#!/usr/bin/env bash
# Collects every netlist of the repository and of ../shared into a seed corpus directory
# (in the BUILD tree; never write into the repository).
#   bash tests/fuzz/make_seed_corpus.sh BUILD_DIR/fuzz-corpus/seeds [MAX_BYTES]
# MAX_BYTES (default: no limit): larger netlists are left out (small inputs fuzz faster).
set -euo pipefail

dest=${1:?usage: make_seed_corpus.sh DEST_DIR [MAX_BYTES]}
max_bytes=${2:-0}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=$(cd "$root/.." && pwd)/shared

mkdir -p "$dest"
count=0
copy_from() {  # copy_from DIR LABEL
    local dir=$1 label=$2
    [[ -d $dir ]] || { echo "make_seed_corpus: skipping missing $dir" >&2; return 0; }
    while IFS= read -r -d '' file; do
        # Flatten the relative path into the file name: unique and traceable.
        if (( max_bytes > 0 )) && (( $(stat -c %s -- "$file") > max_bytes )); then continue; fi
        local rel=${file#"$dir"/}
        cp -- "$file" "$dest/${label}__${rel//\//__}"
        count=$((count + 1))
    done < <(find "$dir" -type f \( -iname '*.cir' -o -iname '*.sp' -o -iname '*.spi' -o -iname '*.net' \
                                     -o -iname '*.lib' -o -iname '*.inc' -o -iname '*.mod' \) -print0)
}

copy_from "$root/netlists" netlists
copy_from "$root/validation/cases" validation
copy_from "$shared/validation/netlists" shared_validation
copy_from "$shared/peer-suite" peer_suite
copy_from "$here/seeds" fuzz_seeds
echo "make_seed_corpus: $count netlists in $dest"
