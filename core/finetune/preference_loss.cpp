#include "core/finetune/preference_loss.h"

#include "core/util/error.h"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace lw::finetune {

namespace {

namespace F = torch::nn::functional;

// Log-probabilities in double stay double; anything else (bf16 from a 16-bit model) is
// taken to float, as TRL's ORPO does, so the sigmoid of a small difference keeps its bits.
torch::ScalarType lossDtype(const torch::Tensor& logps)
{
    return logps.scalar_type() == torch::kDouble ? torch::kDouble : torch::kFloat;
}

// A (B) floating-point tensor, B the batch of chosenLogps.
torch::Tensor requireLogps(const torch::Tensor& t, const char* field, int64_t batch, std::string_view method)
{
    if (!t.defined())
        throw Error::inField(field, fmt::format("{} needs the reference model's log-probabilities", method));
    if (t.dim() != 1 || t.size(0) != batch || !t.is_floating_point())
        throw Error::inField(field,
                             fmt::format("must be floating-point of shape [{}], got {}", batch, c10::str(t.sizes())));
    return t;
}

// A (B) tensor of token counts, every one at least 1 (an empty answer has no average).
torch::Tensor requireTokens(const torch::Tensor& t, const char* field, int64_t batch, std::string_view method)
{
    if (!t.defined())
        throw Error::inField(field, fmt::format("{} needs the answers' token counts", method));
    if (t.dim() != 1 || t.size(0) != batch)
        throw Error::inField(field, fmt::format("must have shape [{}], got {}", batch, c10::str(t.sizes())));
    if (batch > 0 && t.min().item<double>() < 1.0) {
        const int64_t pair = (t < 1).nonzero()[0][0].item<int64_t>();
        throw Error::inField(field, fmt::format("pair {} has no answer tokens", pair));
    }
    return t;
}

// log(1 - exp(x)) for x <= 0, split at -ln 2 to avoid cancellation (as TRL's log1mexp).
torch::Tensor log1mexp(const torch::Tensor& x)
{
    return torch::where(x < -std::log(2.0), torch::log1p(-torch::exp(x)), torch::log(-torch::expm1(x)));
}

// -(1 - e) log s(b z) - e log s(-b z): DPO's (e = 0) and cDPO's per-pair loss.
torch::Tensor smoothedSigmoidLoss(const torch::Tensor& z, double beta, double labelSmoothing)
{
    auto loss = -(1.0 - labelSmoothing) * F::logsigmoid(beta * z);
    if (labelSmoothing > 0.0)
        loss = loss - labelSmoothing * F::logsigmoid(-beta * z);
    return loss;
}

} // namespace

std::optional<PreferenceMethod> preferenceMethodFromName(std::string_view name)
{
    for (auto method : {PreferenceMethod::Dpo, PreferenceMethod::Ipo, PreferenceMethod::Orpo, PreferenceMethod::Simpo})
        if (preferenceMethodName(method) == name)
            return method;
    return std::nullopt;
}

std::string_view preferenceMethodName(PreferenceMethod method)
{
    switch (method) {
    case PreferenceMethod::Dpo: return "dpo";
    case PreferenceMethod::Ipo: return "ipo";
    case PreferenceMethod::Orpo: return "orpo";
    case PreferenceMethod::Simpo: return "simpo";
    }
    return "unknown";
}

bool preferenceMethodNeedsReference(PreferenceMethod method)
{
    return method == PreferenceMethod::Dpo || method == PreferenceMethod::Ipo;
}

void PreferenceLossOptions::validate() const
{
    const auto name = preferenceMethodName(method);
    if (!std::isfinite(beta) || beta <= 0.0)
        throw Error::inField("beta", fmt::format("must be positive, got {}", beta));
    if (!std::isfinite(labelSmoothing) || labelSmoothing < 0.0 || labelSmoothing >= 0.5)
        throw Error::inField("labelSmoothing", fmt::format("must lie in [0, 0.5), got {}", labelSmoothing));
    if (labelSmoothing != 0.0 && (method == PreferenceMethod::Ipo || method == PreferenceMethod::Orpo))
        throw Error::inField("labelSmoothing", fmt::format("{} has no label smoothing; leave it at 0", name));
    if (!std::isfinite(simpoGamma) || simpoGamma < 0.0)
        throw Error::inField("simpoGamma", fmt::format("must be zero or positive, got {}", simpoGamma));
}

PreferenceLoss preferenceLoss(const PreferenceInputs& in, const PreferenceLossOptions& options)
{
    options.validate();
    const auto method = options.method;
    const auto name = preferenceMethodName(method);
    if (!in.chosenLogps.defined() || in.chosenLogps.dim() != 1 || in.chosenLogps.size(0) < 1 ||
        !in.chosenLogps.is_floating_point())
        throw Error::inField("chosenLogps", "must be a non-empty floating-point (B) tensor, got " +
                                                (in.chosenLogps.defined() ? c10::str(in.chosenLogps.sizes()) : "none"));
    const int64_t batch = in.chosenLogps.size(0);
    const auto dtype = lossDtype(in.chosenLogps);
    auto as = [&](const torch::Tensor& t) { return t.to(in.chosenLogps.device(), dtype); };
    const auto pc = as(in.chosenLogps);
    const auto pr = as(requireLogps(in.rejectedLogps, "rejectedLogps", batch, name));
    const double beta = options.beta;

    torch::Tensor nc, nr;
    if (method != PreferenceMethod::Dpo) {
        nc = as(requireTokens(in.chosenTokens, "chosenTokens", batch, name));
        nr = as(requireTokens(in.rejectedTokens, "rejectedTokens", batch, name));
    }

    PreferenceLoss out;
    if (preferenceMethodNeedsReference(method)) {
        const auto rc = as(requireLogps(in.referenceChosenLogps, "referenceChosenLogps", batch, name));
        const auto rr = as(requireLogps(in.referenceRejectedLogps, "referenceRejectedLogps", batch, name));
        auto chosenRatio = pc - rc, rejectedRatio = pr - rr;
        if (method == PreferenceMethod::Ipo) {
            chosenRatio = chosenRatio / nc;
            rejectedRatio = rejectedRatio / nr;
        }
        const auto z = chosenRatio - rejectedRatio;
        out.loss = method == PreferenceMethod::Dpo ? smoothedSigmoidLoss(z, beta, options.labelSmoothing).mean()
                                                   : (z - 1.0 / (2.0 * beta)).pow(2).mean();
        out.chosenRewards = beta * chosenRatio.detach();
        out.rejectedRewards = beta * rejectedRatio.detach();
    } else {
        const auto ac = pc / nc, ar = pr / nr;
        if (method == PreferenceMethod::Orpo) {
            if (ac.max().item<double>() > 0.0 || ar.max().item<double>() > 0.0)
                throw Error::inField("chosenLogps", "ORPO's odds need log-probabilities of at most 0");
            const auto logOdds = (ac - ar) - (log1mexp(ac) - log1mexp(ar));
            torch::Tensor nll;
            if (in.chosenNll.defined()) {
                if (in.chosenNll.numel() != 1 || !in.chosenNll.is_floating_point())
                    throw Error::inField("chosenNll",
                                         "must be a floating-point scalar, got " + c10::str(in.chosenNll.sizes()));
                nll = as(in.chosenNll).reshape({});
            } else {
                nll = -pc.sum() / nc.sum();
            }
            out.loss = nll - beta * F::logsigmoid(logOdds).mean();
        } else {
            out.loss = smoothedSigmoidLoss((ac - ar) - options.simpoGamma / beta, beta, options.labelSmoothing).mean();
        }
        out.chosenRewards = beta * ac.detach();
        out.rejectedRewards = beta * ar.detach();
    }

    out.rewardMargin = (out.chosenRewards - out.rejectedRewards).mean().item<double>();
    out.accuracy = out.chosenRewards.gt(out.rejectedRewards).to(torch::kDouble).mean().item<double>();
    return out;
}

} // namespace lw::finetune
