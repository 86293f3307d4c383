#include "ui/panels/quantize/quantize_methods.h"

#include <QCoreApplication>

namespace lw::ui::quantize {

namespace {

QString methodsText(const char* text)
{
    return QCoreApplication::translate("lw::ui::quantize::QuantizeMethods", text);
}

} // namespace

const QList<QuantMethod>& quantMethods()
{
    // Bits per weight of the block formats: a block's bytes * 8 / its weights (Q8_0: 34
    // bytes per 32, Q4_K: 144 per 256, Q6_K: 210 per 256). The mixes give some tensors
    // more bits; their figures are llama.cpp's published averages for Llama models, the
    // estimate for a model whose shape is not known (estimateSize() plans the tensors
    // when it is). GPTQ and AWQ (core/quant/gptq.h, awq.h) write the block format or mix
    // they name.
    static const QList<QuantMethod> methods = {
        {QStringLiteral("q8_0"), MethodFamily::RoundToNearest, 8.5, false},
        {QStringLiteral("q6_k"), MethodFamily::RoundToNearest, 6.5625, false},
        {QStringLiteral("q5_k_m"), MethodFamily::RoundToNearest, 5.69, false},
        {QStringLiteral("q5_k_s"), MethodFamily::RoundToNearest, 5.54, false},
        {QStringLiteral("q5_k"), MethodFamily::RoundToNearest, 5.5, false},
        {QStringLiteral("q5_1"), MethodFamily::RoundToNearest, 6.0, false},
        {QStringLiteral("q5_0"), MethodFamily::RoundToNearest, 5.5, false},
        {QStringLiteral("q4_k_m"), MethodFamily::RoundToNearest, 4.89, false},
        {QStringLiteral("q4_k_s"), MethodFamily::RoundToNearest, 4.58, false},
        {QStringLiteral("q4_k"), MethodFamily::RoundToNearest, 4.5, false},
        {QStringLiteral("q4_1"), MethodFamily::RoundToNearest, 5.0, false},
        {QStringLiteral("q4_0"), MethodFamily::RoundToNearest, 4.5, false},
        {QStringLiteral("int8"), MethodFamily::RoundToNearest, 8.0, false},
        {QStringLiteral("nf4"), MethodFamily::RoundToNearest, 4.127, false},
        {QStringLiteral("gptq-q8_0"), MethodFamily::Calibrated, 8.5, true},
        {QStringLiteral("gptq-q6_k"), MethodFamily::Calibrated, 6.5625, true},
        {QStringLiteral("gptq-q5_1"), MethodFamily::Calibrated, 6.0, true},
        {QStringLiteral("gptq-q5_k_m"), MethodFamily::Calibrated, 5.69, true},
        {QStringLiteral("gptq-q5_k_s"), MethodFamily::Calibrated, 5.54, true},
        {QStringLiteral("gptq-q5_k"), MethodFamily::Calibrated, 5.5, true},
        {QStringLiteral("gptq-q5_0"), MethodFamily::Calibrated, 5.5, true},
        {QStringLiteral("gptq-q4_1"), MethodFamily::Calibrated, 5.0, true},
        {QStringLiteral("gptq-q4_k_m"), MethodFamily::Calibrated, 4.89, true},
        {QStringLiteral("gptq-q4_k_s"), MethodFamily::Calibrated, 4.58, true},
        {QStringLiteral("gptq-q4_k"), MethodFamily::Calibrated, 4.5, true},
        {QStringLiteral("gptq-q4_0"), MethodFamily::Calibrated, 4.5, true},
        {QStringLiteral("awq-q8_0"), MethodFamily::Calibrated, 8.5, true},
        {QStringLiteral("awq-q6_k"), MethodFamily::Calibrated, 6.5625, true},
        {QStringLiteral("awq-q5_1"), MethodFamily::Calibrated, 6.0, true},
        {QStringLiteral("awq-q5_k_m"), MethodFamily::Calibrated, 5.69, true},
        {QStringLiteral("awq-q5_k_s"), MethodFamily::Calibrated, 5.54, true},
        {QStringLiteral("awq-q5_k"), MethodFamily::Calibrated, 5.5, true},
        {QStringLiteral("awq-q5_0"), MethodFamily::Calibrated, 5.5, true},
        {QStringLiteral("awq-q4_1"), MethodFamily::Calibrated, 5.0, true},
        {QStringLiteral("awq-q4_k_m"), MethodFamily::Calibrated, 4.89, true},
        {QStringLiteral("awq-q4_k_s"), MethodFamily::Calibrated, 4.58, true},
        {QStringLiteral("awq-q4_k"), MethodFamily::Calibrated, 4.5, true},
        {QStringLiteral("awq-q4_0"), MethodFamily::Calibrated, 4.5, true},
        {QStringLiteral("magnitude"), MethodFamily::Pruning, 32, false},
        {QStringLiteral("wanda"), MethodFamily::Pruning, 32, true},
        {QStringLiteral("2:4"), MethodFamily::Pruning, 32, true},
        {QStringLiteral("heads"), MethodFamily::Pruning, 32, true},
        {QStringLiteral("channels"), MethodFamily::Pruning, 32, true},
    };
    return methods;
}

bool takesImportanceMatrix(const QString& id)
{
    const QuantMethod* m = findQuantMethod(id);
    return m && m->family == MethodFamily::RoundToNearest && id != QLatin1String("int8") &&
           id != QLatin1String("nf4");
}

const QuantMethod* findQuantMethod(const QString& id)
{
    for (const QuantMethod& m : quantMethods())
        if (m.id == id)
            return &m;
    return nullptr;
}

QString familyTitle(MethodFamily family)
{
    switch (family) {
    case MethodFamily::RoundToNearest: return methodsText("Round to nearest");
    case MethodFamily::Calibrated: return methodsText("Calibrated");
    case MethodFamily::Pruning: return methodsText("Pruning");
    }
    return {};
}

QString methodDescription(const QString& id)
{
    if (id == QLatin1String("q8_0"))
        return methodsText("8 bits per weight in blocks of 32 with one scale: almost lossless, half the size of 16-bit.");
    if (id == QLatin1String("q6_k"))
        return methodsText("6-bit K-quant (blocks of 256 with 8-bit sub-block scales): close to the original.");
    if (id == QLatin1String("q5_k_m"))
        return methodsText("llama.cpp's Q5_K_M mix: Q5_K, with Q6_K for the attention values, half the feed-forward "
                  "outputs and the output layer.");
    if (id == QLatin1String("q5_k_s"))
        return methodsText("llama.cpp's Q5_K_S mix: Q5_K almost everywhere.");
    if (id == QLatin1String("q5_k"))
        return methodsText("Every matrix as Q5_K (5 bits, blocks of 256).");
    if (id == QLatin1String("q5_1"))
        return methodsText("5 bits in blocks of 32 with a scale and a minimum.");
    if (id == QLatin1String("q5_0"))
        return methodsText("5 bits in blocks of 32 with one scale.");
    if (id == QLatin1String("q4_k_m"))
        return methodsText("llama.cpp's Q4_K_M mix, the usual choice: Q4_K, with Q6_K for the attention values, half the "
                  "feed-forward outputs and the output layer.");
    if (id == QLatin1String("q4_k_s"))
        return methodsText("llama.cpp's Q4_K_S mix: Q4_K almost everywhere; smaller than Q4_K_M, a little worse.");
    if (id == QLatin1String("q4_k"))
        return methodsText("Every matrix as Q4_K (4 bits, blocks of 256 with 6-bit sub-block scales and minimums).");
    if (id == QLatin1String("q4_1"))
        return methodsText("4 bits in blocks of 32 with a scale and a minimum.");
    if (id == QLatin1String("q4_0"))
        return methodsText("4 bits in blocks of 32 with one scale: the smallest legacy format.");
    if (id == QLatin1String("int8"))
        return methodsText("8-bit integers with one scale per output row.");
    if (id == QLatin1String("nf4"))
        return methodsText("4-bit NormalFloat with double-quantised block scales, as QLoRA stores its base model.");
    if (id.startsWith(QLatin1String("gptq-")))
        return methodsText("GPTQ into %1 blocks: rounds each matrix column by column and corrects the error on the "
                           "calibration activations; choose it for the best quality at a given size.")
            .arg(id.mid(5).toUpper());
    if (id.startsWith(QLatin1String("awq-")))
        return methodsText("AWQ into %1 blocks: protects the input channels that meet large activations before "
                           "rounding; choose it when GPTQ is too slow for the model.")
            .arg(id.mid(4).toUpper());
    if (id == QLatin1String("magnitude"))
        return methodsText("Zero the smallest weights of each row until the sparsity is reached.");
    if (id == QLatin1String("wanda"))
        return methodsText("Wanda: zero the weights with the smallest |weight| times input norm, row by row.");
    if (id == QLatin1String("2:4"))
        return methodsText("2:4 semi-structured: in every 4 consecutive weights keep the 2 that matter most.");
    if (id == QLatin1String("heads"))
        return methodsText("Remove the least important attention heads, the same number in every layer: the model gets smaller.");
    if (id == QLatin1String("channels"))
        return methodsText("Remove the least important feed-forward channels, the same number in every layer.");
    return {};
}

} // namespace lw::ui::quantize
