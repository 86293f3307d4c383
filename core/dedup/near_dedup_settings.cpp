#include "core/dedup/near_dedup_settings.h"

#include "core/util/error.h"

#include <cmath>
#include <limits>
#include <string>

namespace lw::dedup {
namespace {

[[noreturn]] void fail(const char* field, const std::string& message)
{
    throw Error::inField(std::string("near_dedup.") + field, message);
}

// Chance that two rows of Jaccard similarity s share at least one band bucket.
double collisionProbability(double s, int bands, int rows)
{
    return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

// Gauss-Legendre quadrature, 8 points on each of 64 panels: the integrands are
// polynomials of degree up to numPerm, smooth enough for this to match adaptive
// quadrature to about 1e-12.
template <class F> double integrate(F&& f, double from, double to)
{
    static const double nodes[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267,
                                    0.9602898564975363};
    static const double weights[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745,
                                      0.1012285362903763};
    constexpr int panels = 64;
    const double width = (to - from) / panels;
    double sum = 0;
    for (int p = 0; p < panels; ++p) {
        const double mid = from + (p + 0.5) * width;
        const double half = width / 2;
        for (int k = 0; k < 4; ++k)
            sum += weights[k] * half * (f(mid - half * nodes[k]) + f(mid + half * nodes[k]));
    }
    return sum;
}

} // namespace

void validate(const NearDedupSettings& s)
{
    if (s.ngram < 1 || s.ngram > kMaxNgram)
        fail("ngram", "must be between 1 and " + std::to_string(kMaxNgram) + " words, got " +
                          std::to_string(s.ngram));
    if (s.numPerm < 2 || s.numPerm > kMaxNumPerm)
        fail("num_perm", "must be between 2 and " + std::to_string(kMaxNumPerm) + ", got " +
                             std::to_string(s.numPerm));
    if (!std::isfinite(s.threshold) || s.threshold <= 0.0 || s.threshold > 1.0)
        fail("threshold", "must be a Jaccard similarity above 0 and at most 1, got " + std::to_string(s.threshold));
    if (s.bands < 0 || s.rows < 0)
        fail(s.bands < 0 ? "bands" : "rows", "must not be negative");
    if ((s.bands == 0) != (s.rows == 0))
        fail(s.bands == 0 ? "bands" : "rows",
             "bands and rows are set together (both 0: chosen from the threshold)");
    if (static_cast<int64_t>(s.bands) * s.rows > s.numPerm)
        fail("bands", "bands x rows (" + std::to_string(s.bands) + " x " + std::to_string(s.rows) +
                          ") exceeds num_perm (" + std::to_string(s.numPerm) + ")");
}

LshBands optimalLshBands(double threshold, int numPerm, double fpWeight, double fnWeight)
{
    LshBands best;
    double bestError = std::numeric_limits<double>::infinity();
    for (int bands = 1; bands <= numPerm; ++bands) {
        for (int rows = 1; rows <= numPerm / bands; ++rows) {
            const auto p = [&](double s) { return collisionProbability(s, bands, rows); };
            const auto notP = [&](double s) { return 1.0 - collisionProbability(s, bands, rows); };
            const double falsePositive = integrate(p, 0.0, threshold);
            const double falseNegative = integrate(notP, threshold, 1.0);
            const double error = fpWeight * falsePositive + fnWeight * falseNegative;
            if (error < bestError) {
                bestError = error;
                best = {bands, rows};
            }
        }
    }
    return best;
}

LshBands lshBandsFor(const NearDedupSettings& settings)
{
    validate(settings);
    if (settings.bands > 0)
        return {settings.bands, settings.rows};
    return optimalLshBands(settings.threshold, settings.numPerm);
}

} // namespace lw::dedup
