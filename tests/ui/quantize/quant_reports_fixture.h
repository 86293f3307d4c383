#pragma once
// Quality reports written through the store as `llmwb quant-report` writes them (task
// quant_report, the summary's fields, one example row per matrix), for the Quantize
// panel's tests.
#include "core/store/project.h"

#include <string>
#include <vector>

namespace quant_fixture {

using lw::store::Json;

// The parameters of the model every fixture report measures (a GPT-2 124M shape).
constexpr double kFixtureParameters = 124.4e6;

struct StoredReport {
    std::string model, reference;
    double bytes, referenceBytes, perplexity, referencePerplexity, kl, agreement;
    std::vector<double> matrixErrors;
};

inline int64_t storeQuantReport(lw::store::Store& store, const StoredReport& r, double createdAt)
{
    lw::store::EvaluationRecord record;
    record.task = "quant_report";
    record.model = r.model;
    record.dataset = "held-out";
    record.settings = {{"reference", r.reference}};
    record.summary = {{"model", r.model},
                      {"reference", r.reference},
                      {"bytes_on_disk", r.bytes},
                      {"bytes_on_disk_reference", r.referenceBytes},
                      {"bits_per_weight", r.bytes * 8 / kFixtureParameters},
                      {"ppl", r.perplexity},
                      {"ppl_reference", r.referencePerplexity},
                      {"kl_mean", r.kl},
                      {"top1_agreement", r.agreement}};
    record.createdAt = createdAt;
    std::vector<Json> rows;
    for (size_t i = 0; i < r.matrixErrors.size(); ++i)
        rows.push_back({{"name", "blk." + std::to_string(i / 2) + (i % 2 ? ".ffn_up" : ".attn_qkv")},
                        {"layer", int(i / 2)},
                        {"relative_error", r.matrixErrors[i]}});
    return store.addEvaluation(record, rows);
}

} // namespace quant_fixture
