#pragma once
// Settings of near-duplicate detection (MinHash signatures of word n-gram shingles,
// banded LSH for candidates, and a check of the estimated Jaccard similarity), and the
// choice of bands x rows for a threshold. The JSON form ("near_dedup": {"ngram": 5,
// "num_perm": 128, "threshold": 0.8, "seed": 1, "bands": 0, "rows": 0}) is read by the
// recipe code; the field names below are the ones its errors use.
#include <cstdint>

namespace lw::dedup {

struct NearDedupSettings {
    int ngram = 5;          // words per shingle; texts with fewer words make one shingle
    int numPerm = 128;      // MinHash values per signature
    double threshold = 0.8; // a row is dropped when an earlier kept row's estimated Jaccard is at least this
    uint64_t seed = 1;      // picks the hash functions
    int bands = 0, rows = 0; // LSH bands and rows per band; both 0: chosen from the threshold
};

constexpr int kMaxNgram = 64;
constexpr int kMaxNumPerm = 1024;

// lw::Error::inField("near_dedup.<field>", ...) for the first bad value.
void validate(const NearDedupSettings& settings);

struct LshBands {
    int bands = 0;
    int rows = 0;
};

// The bands x rows (bands * rows <= numPerm) that minimise
//   fpWeight * integral_0^t P(s) ds + fnWeight * integral_t^1 (1 - P(s)) ds,
// with P(s) = 1 - (1 - s^rows)^bands the chance that two rows of Jaccard s share a
// bucket: the areas of false positives below the threshold and false negatives above it
// (the criterion datasketch's MinHashLSH uses). Ties keep the pair with fewer bands.
LshBands optimalLshBands(double threshold, int numPerm, double fpWeight = 0.5, double fnWeight = 0.5);

// The settings' bands and rows, or the optimal ones when they are 0. Validates first.
LshBands lshBandsFor(const NearDedupSettings& settings);

} // namespace lw::dedup
