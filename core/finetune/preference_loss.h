#pragma once
// Preference-tuning losses over a batch of (chosen, rejected) answer pairs, computed as
// Hugging Face TRL computes them (checked against TRL v0.28.0, the last release whose
// DPOTrainer has dpo_loss; ORPOTrainer and CPOTrainer are under trl/experimental there).
//
// Notation, per pair i: pc, pr = the policy's log-probabilities of the chosen and the
// rejected answer, summed over the answer's tokens (sequence_logprobs.h); rc, rr = the
// same under the frozen reference model; nc, nr = the answers' token counts;
// ac = pc/nc, ar = pr/nr the per-token averages; s(x) = sigmoid(x);
// b = options.beta, e = options.labelSmoothing, g = options.simpoGamma.
// Every loss is the mean over the batch of the per-pair losses below.
//
// DPO, Rafailov et al. 2023 (TRL DPOTrainer.dpo_loss, loss_type "sigmoid"):
//   z = (pc - rc) - (pr - rr)
//   loss_i = -(1 - e) log s(b z) - e log s(-b z)
//   With e > 0 this is conservative DPO (cDPO): the preference label is taken to be
//   flipped with probability e. Rewards: b (pc - rc) and b (pr - rr).
//
// IPO, Azar et al. 2023, eq. 17 with tau = b (TRL dpo_loss, loss_type "ipo"; TRL's
// concatenated_forward divides every log-probability, policy and reference, by the
// answer's token count when the loss is IPO, so IPO sees averages):
//   z = (pc - rc)/nc - (pr - rr)/nr
//   loss_i = (z - 1/(2b))^2
//   Rewards: b (pc - rc)/nc and b (pr - rr)/nr. No label smoothing (TRL ignores it).
//
// ORPO, Hong et al. 2024, eqs. 4-7 (TRL ORPOTrainer.odds_ratio_loss; the paper's lambda
// is TRL's beta, so it is options.beta here too; no reference model):
//   log_odds_i = (ac - ar) - (log(1 - exp(ac)) - log(1 - exp(ar)))
//   loss = nll - b * mean_i log s(log_odds_i)
//   nll is inputs.chosenNll when it is defined (TRL's ORPOTrainer takes the mean
//   cross-entropy over every non-padding token of the chosen sequences, prompt included),
//   otherwise -sum_i pc_i / sum_i nc_i: the mean NLL of the chosen answers' tokens, the
//   paper's L_SFT. Rewards: b ac and b ar. No label smoothing.
//
// SimPO, Meng et al. 2024, eq. 6 (TRL CPOTrainer.cpo_loss, loss_type "simpo", with
// cpo_alpha = 0, i.e. no added NLL term, as in the paper; no reference model):
//   z = (ac - ar) - g/b
//   loss_i = -(1 - e) log s(b z) - e log s(-b z)
//   With e = 0: -log s(b ac - b ar - g), the paper's form, g being its target reward
//   margin (TRL's simpo_gamma is this g, not the gamma/beta ratio of the SimPO code).
//   Rewards: b ac and b ar.
//
// Reported for every method, from the detached rewards: rewardMargin = mean(chosen -
// rejected) and accuracy = the share of pairs whose chosen reward is the greater, as TRL
// logs rewards/margins and rewards/accuracies.
#include <torch/torch.h>

#include <optional>
#include <string_view>

namespace lw::finetune {

enum class PreferenceMethod { Dpo, Ipo, Orpo, Simpo };

// "dpo", "ipo", "orpo", "simpo"; nullopt for any other name.
std::optional<PreferenceMethod> preferenceMethodFromName(std::string_view name);
std::string_view preferenceMethodName(PreferenceMethod method);
// Whether the method compares against a frozen reference model (DPO, IPO).
bool preferenceMethodNeedsReference(PreferenceMethod method);

struct PreferenceLossOptions {
    PreferenceMethod method = PreferenceMethod::Dpo;
    double beta = 0.1;           // DPO/IPO/SimPO: b above; ORPO: lambda, the odds-ratio weight
    double labelSmoothing = 0.0; // DPO and SimPO only: in [0, 0.5)
    double simpoGamma = 0.5;     // SimPO's target reward margin g (TRL's default)

    // lw::Error naming the field: beta not positive, labelSmoothing outside [0, 0.5) or
    // set for IPO or ORPO, simpoGamma negative, any value not finite.
    void validate() const;
};

// All (B) tensors, one entry per pair; log-probabilities summed over the answer's tokens.
struct PreferenceInputs {
    torch::Tensor chosenLogps, rejectedLogps;                   // the policy's, differentiable
    torch::Tensor chosenTokens, rejectedTokens;                 // counts, each >= 1; IPO, ORPO, SimPO
    torch::Tensor referenceChosenLogps, referenceRejectedLogps; // DPO and IPO; ignored by the others
    torch::Tensor chosenNll;                                    // ORPO, optional scalar (see above)
};

struct PreferenceLoss {
    torch::Tensor loss;                            // scalar, the batch mean, differentiable
    torch::Tensor chosenRewards, rejectedRewards; // (B), detached
    double rewardMargin = 0.0;
    double accuracy = 0.0;
};

// The loss of options.method (formulas above), in double when the log-probabilities are
// double and in float otherwise. lw::Error for bad options and for a missing or
// misshapen input, naming the PreferenceInputs field (e.g. "referenceChosenLogps: DPO
// needs the reference model's log-probabilities").
PreferenceLoss preferenceLoss(const PreferenceInputs& inputs, const PreferenceLossOptions& options);

} // namespace lw::finetune
