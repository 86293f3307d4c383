#include "core/generate/slot_cache.h"

#include "core/util/error.h"

#include <algorithm>

namespace lw::generate {

SlotCache::SlotCache(std::unique_ptr<ModelRunner> modelRunner)
    : runner(std::move(modelRunner)), tokens(size_t(runner->slotCount()))
{
}

int64_t SlotCache::reusablePrefix(int64_t slot, const std::vector<int32_t>& prompt) const
{
    const std::vector<int32_t>& held = tokens.at(size_t(slot));
    size_t common = 0;
    while (common < held.size() && common < prompt.size() && held[common] == prompt[common])
        ++common;
    return prompt.empty() ? 0 : int64_t(std::min(common, prompt.size() - 1));
}

int64_t SlotCache::prepare(int64_t slot, const std::vector<int32_t>& prompt, SlotInput& input)
{
    if (prompt.empty())
        throw Error("generation needs at least one prompt token");
    const int64_t common = reusablePrefix(slot, prompt);
    runner->truncate(slot, common);
    tokens[size_t(slot)].resize(size_t(common));
    input.slot = slot;
    input.tokens.assign(prompt.begin() + std::ptrdiff_t(common), prompt.end());
    return common;
}

void SlotCache::fed(const SlotInput& input)
{
    std::vector<int32_t>& held = tokens.at(size_t(input.slot));
    held.insert(held.end(), input.tokens.begin(), input.tokens.end());
}

void SlotCache::clear()
{
    for (int64_t slot = 0; slot < slotCount(); ++slot) {
        runner->truncate(slot, 0);
        tokens[size_t(slot)].clear();
    }
}

} // namespace lw::generate
