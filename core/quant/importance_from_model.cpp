#include "core/quant/importance_from_model.h"

#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/calibration.h"
#include "core/util/error.h"

namespace lw::quant {

ImportanceMatrix importanceMatrixOf(model::TransformerImpl& model, const torch::Tensor& windows,
                                    const LayerProgress& progress)
{
    const model::ModelConfig& config = model.config();
    std::map<std::string, std::vector<std::string>> tensorsOf; // our parameter -> its GGUF tensors
    for (const gguf_model::GgufTensorPart& part :
         gguf_model::ggufTensorParts(config, gguf_model::ggufArchitectureFor(config)))
        tensorsOf[part.ours].push_back(part.gguf);

    ImportanceMatrix matrix;
    matrix.chunkCount = int32_t(windows.size(0));
    matrix.chunkSize = int32_t(windows.size(1));
    torch::NoGradGuard noGrad;
    StatisticsRequest request;
    calibrateLayerByLayer(model, windows, request,
                          [&](int64_t layer, const std::vector<model::LinearSite>& sites,
                              std::vector<InputStatistics>& stats) {
                              for (size_t k = 0; k < sites.size(); ++k) {
                                  const torch::Tensor sums = stats[k].squareSum.to(torch::kCPU, torch::kFloat).contiguous();
                                  ImportanceEntry entry;
                                  entry.sumSquares.assign(sums.data_ptr<float>(), sums.data_ptr<float>() + sums.numel());
                                  entry.tokens = stats[k].count;
                                  for (const std::string& tensor : tensorsOf[sites[k].name + ".weight"])
                                      matrix.set(tensor, entry);
                              }
                              if (progress && !progress(layer + 1, config.n_layer))
                                  throw Error("cancelled");
                          });
    return matrix;
}

std::map<std::string, std::vector<float>> importanceVectors(const ImportanceMatrix& matrix)
{
    std::map<std::string, std::vector<float>> out;
    for (const auto& [name, entry] : matrix.entries())
        out[name] = matrix.importance(name);
    return out;
}

} // namespace lw::quant
