#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 5, what CI runs; RELIABILITY.md
# reports runs of 600), seeded from the repository's own files. A crash fails the script and
# leaves its input in fuzz/artifacts/<target>/ (add it as a regression test, then fix).
#   scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tokenizer vocabulary checkpoint training_state corpus link)

seeds=fuzz/corpus
mkdir -p "$seeds"/{tokenizer,vocabulary,checkpoint,training_state,corpus,link}
# Seeds: sentences and pairs, vocabularies, the test checkpoints, the corpora.
i=0
for file in static/corpora/*.txt; do
  head -c 400 "$file" > "$seeds/tokenizer/$(basename "$file")"
  { printf '\x20'; head -c 2000 "$file"; } > "$seeds/vocabulary/$(basename "$file")"
  cp "$file" "$seeds/corpus/"
done
cp static/corpora/*.tsv "$seeds/corpus/"
printf 'The cow says moo.\tIt sleeps in the barn.' > "$seeds/tokenizer/pair"
# Link values, each behind its model-shape byte (4 heads, 2 layers).
for value in 2 0 all 1,3 '3, 1' x7 99; do printf '\x42%s' "$value" > "$seeds/link/$value"; done
printf '고양이는 야옹 하고 운다.\t개는 멍멍 하고 짖는다.' > "$seeds/tokenizer/pair-ko"
{ printf '\x04'; cat model/tests/fixtures/tokenizer/small-vocab.txt; } > "$seeds/vocabulary/small-vocab"
for dir in model/tests/fixtures/masked_lm model/tests/fixtures/pretraining; do
  python3 - "$dir" "$seeds/checkpoint/$(basename "$dir")" <<'PY'
import struct, sys
config = open(sys.argv[1] + '/config.json', 'rb').read()
weights = open(sys.argv[1] + '/model.safetensors', 'rb').read()
open(sys.argv[2], 'wb').write(struct.pack('<H', len(config)) + config + weights)
PY
  cp "$dir/model.safetensors" "$seeds/training_state/$(basename "$dir")"
done

# A run of a minute or less (CI's) is a smoke test: it builds without optimisation, which on two
# cores compiles in a fraction of the optimised build's time; the long runs are optimised.
build=()
[ "$seconds" -gt 60 ] || build=(--dev)

for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  # The checkpoint target must never allocate more than its input could justify.
  cargo +nightly fuzz run "${build[@]}" --fuzz-dir fuzz "$target" "$seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=256 -print_final_stats=1 2>&1 \
    | grep -E "^(==|#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|.*(panicked|ERROR|SUMMARY|crash-|leak-|oom-|timeout-))|cov:" | tail -n 6
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "fuzz target $target failed: see fuzz/artifacts/$target/" >&2; exit 1; }
done
