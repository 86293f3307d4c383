#pragma once
// What the Models view tests share: a tiny GPT-2-family Hugging Face folder
// written by the independent script (tests/core/hf/hf_reference.py) with
// GPT-2's own vocab.json and merges.txt beside it, and a file's sha256 computed
// here.
#include "core/hf/hf_test_support.h"
#include "shared_data.h"

#include <QCryptographicHash>
#include <QFile>
#include <QString>

namespace models_test {

// `nEmbd` sets the size: 32 makes a folder of a few MB, 512 one of about 150
// MB.
inline bool makeGpt2Folder(const QString& folder, int nEmbd, int seed)
{
    lw::test::HfReferenceBatch batch;
    batch.make(
        {{"family", "gpt2"},
         {"dtype", "F32"},
         {"seed", seed},
         {"config", {{"vocab_size", 50257}, {"n_positions", 64}, {"n_layer", 2}, {"n_head", 4}, {"n_embd", nEmbd}}}},
        folder);
    nlohmann::json results;
    if (!batch.run(results))
        return false;
    const auto shared = [](const char* name) {
        return QString::fromStdString(lw::test::sharedDataPath(std::string("llms-from-scratch/gpt2-bpe/") + name));
    };
    return QFile::copy(shared("encoder.json"), folder + QStringLiteral("/vocab.json")) &&
           QFile::copy(shared("vocab.bpe"), folder + QStringLiteral("/merges.txt"));
}

inline QString fileSha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

// GPT-2's parameter count from its shape, the way the architecture is written
// down: token and position embeddings, per layer two layer norms (weight and
// bias), the fused q/k/v projection, the attention output, the 4x MLP (weights
// and biases), then the final layer norm; the output head shares the token
// embedding.
inline qint64 gpt2Parameters(qint64 vocab, qint64 positions, qint64 layers, qint64 d)
{
    const qint64 perLayer = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d);
    return vocab * d + positions * d + layers * perLayer + 2 * d;
}

} // namespace models_test
