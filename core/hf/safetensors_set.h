#pragma once
// The weights of a Hugging Face folder: model.safetensors, or the shards that
// model.safetensors.index.json lists. Every file is memory-mapped and its header
// validated when the set opens; a tensor is read (and converted) only when asked for,
// so inspecting a model costs its headers, not its weights.
#include "core/io/safetensors.h"
#include "core/util/mapped_file.h"

#include <map>
#include <memory>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::hf {

class SafetensorsSet {
public:
    // lw::Error naming the file: no weights, an index naming a shard outside the folder
    // or missing, a tensor in two shards, a tensor that the index places elsewhere.
    static SafetensorsSet open(const std::string& folder);

    bool contains(const std::string& name) const { return m_entries.count(name) != 0; }
    const io::SafetensorsEntry& entry(const std::string& name) const; // lw::Error when missing
    // Every tensor name, sorted.
    std::vector<std::string> names() const;
    // A copy of the tensor in `dtype` (contiguous, CPU).
    torch::Tensor read(const std::string& name, torch::ScalarType dtype) const;
    // The same values, but a read-only view of the file's map (no copy; see
    // io::viewMappedTensor) when the tensor is stored in `dtype`: never write to it.
    torch::Tensor view(const std::string& name, torch::ScalarType dtype) const;
    // The dtype most tensors are stored in (what the model was saved as).
    torch::ScalarType storedDtype() const;

    const std::vector<std::string>& files() const { return m_files; } // absolute paths
    uint64_t totalBytes() const;

private:
    struct Shard {
        std::string path;
        io::SafetensorsHeader header;
        std::shared_ptr<const util::MappedFile> map; // shared with the views of its tensors
    };
    struct Located {
        size_t shard;
        size_t index; // into the shard's header entries
    };
    void addShard(const std::string& path);
    // The shard holding `name` and its entry; lw::Error when missing.
    std::pair<const Shard&, const io::SafetensorsEntry&> locate(const std::string& name) const;

    std::vector<Shard> m_shards;
    std::vector<std::string> m_files;
    std::map<std::string, Located> m_entries;
};

} // namespace lw::hf
