#pragma once
// What a model's weights cost and how far they moved: its size on disk and in memory,
// the bits per weight of its matrices, and per matrix the relative error of its
// weights against another model's (the original a quantization started from).
#include "core/catalog/model_loader.h"
#include "core/model/transformer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::quant_report {

struct ModelFootprint {
    int64_t bytesOnDisk = 0;   // the model's file (for a folder, its files)
    int64_t bytesInMemory = 0; // the weights as stored: GGUF tensor bytes (blocks and all), else tensor bytes
    int64_t matrixWeights = 0; // elements of the 2-D weights
    double bitsPerWeight = 0;  // bits the matrices take per element (scales of block formats included)
};

// From the GGUF header for GGUF files, the safetensors headers for Hugging Face folders
// and the loaded parameters (as stored) for checkpoints.
ModelFootprint modelFootprint(const catalog::LoadedModel& loaded);

struct MatrixError {
    std::string name;   // our parameter name: "h.3.attn.c_attn.weight", "layers.3.attention.wqkv.weight"
    int64_t layer = -1; // its block, -1 for embeddings and the output head
    double relativeError = 0; // ||W - W_ref||_F / ||W_ref||_F, both as floats, in double
};

// Every 2-D parameter of `reference` against the same-named one of `model`; lw::Error
// naming the parameter when `model` lacks it or has another shape.
std::vector<MatrixError> matrixErrors(model::Transformer model, model::Transformer reference);

struct LayerError {
    int64_t layer = -1;
    double relativeError = 0; // mean of its matrices'
    int64_t matrices = 0;
};

// Per layer (in order, -1 first when present), the mean of its matrices' errors.
std::vector<LayerError> layerErrors(const std::vector<MatrixError>& matrices);

} // namespace lw::quant_report
