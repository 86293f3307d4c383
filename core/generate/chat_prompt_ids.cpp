#include "core/generate/chat_prompt_ids.h"

namespace lw::generate {

bool prependTokenizerBos(const ChatTemplate& chatTemplate, bool tokenizerAddsBos)
{
    return tokenizerAddsBos && !chatTemplate.templateAddsBos();
}

std::vector<int32_t> chatPromptIds(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                                   const tokenizer::HfTokenizer& tokenizer, bool addGenerationPrompt)
{
    std::vector<int32_t> ids;
    if (prependTokenizerBos(chatTemplate, tokenizer.addsBosToken())) {
        // add_bos_token without a post-processor that writes it: the bos_token's id.
        if (!tokenizer.bosPrefix().empty())
            ids = tokenizer.bosPrefix();
        else if (tokenizer.bosId())
            ids.push_back(*tokenizer.bosId());
    }
    const std::vector<int32_t> text = tokenizer.encode(chatTemplate.render(messages, addGenerationPrompt), true);
    ids.insert(ids.end(), text.begin(), text.end());
    return ids;
}

} // namespace lw::generate
