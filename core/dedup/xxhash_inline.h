#pragma once
// XXH3 compiled into each caller: most inputs here are short (a word, five word hashes,
// one LSH band), where a call into the shared library costs as much as the hash. Every
// file of lw_dedup includes xxHash this way, so a unity batch sees one form of it.
#define XXH_INLINE_ALL
#include <xxhash.h>
