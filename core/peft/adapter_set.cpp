#include "core/peft/adapter_set.h"

#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace lw::peft {

std::string peftKey(const ModulePart& part, const std::string& suffix)
{
    return "base_model.model." + part.module + "." + suffix;
}

AdapterSet::AdapterSet(AdapterSettings settings, const hf::HfArchitecture& architecture)
    : m_settings(std::move(settings)), m_architecture(architecture.architecture)
{
    for (const hf::TensorRule& rule : architecture.tensors)
        m_fanInFanOut = m_fanInFanOut || rule.layout == hf::TensorLayout::Transposed;
}

std::shared_ptr<AdapterSet> AdapterSet::allocate(model::TransformerImpl& model, const hf::HfArchitecture& architecture,
                                                 const AdapterSettings& settings)
{
    settings.validate();
    if (architecture.family != model.config().family)
        throw Error::inField("architecture", architecture.architecture + " is not of the model's family (" +
                                                 model::familyName(model.config().family) + ")");
    std::shared_ptr<AdapterSet> set(new AdapterSet(settings, architecture));
    const torch::Device device = model.outputWeight().device();
    const auto options = torch::TensorOptions().dtype(torch::kFloat).device(device);
    for (SiteLayout& layout : targetedLayouts(architecture, model.config(), settings.targets)) {
        std::vector<LowRankPart> parts;
        for (const ModulePart& where : layout.parts) {
            LowRankPart part{where, torch::zeros({settings.rank, layout.in}, options),
                             torch::zeros({where.rows, settings.rank}, options), {}};
            if (settings.method == AdapterMethod::Dora)
                part.magnitude = torch::zeros({where.rows}, options);
            parts.push_back(std::move(part));
        }
        set->m_adapters.push_back(std::make_shared<LowRankAdapter>(std::move(layout), settings.method, settings.scale(),
                                                                   settings.dropout, std::move(parts)));
    }
    set->matchingSites(model); // the model must have every site with its shape
    return set;
}

std::shared_ptr<AdapterSet> AdapterSet::create(model::TransformerImpl& model, const hf::HfArchitecture& architecture,
                                               const AdapterSettings& settings, uint64_t seed)
{
    auto set = allocate(model, architecture, settings);
    auto sites = set->matchingSites(model);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    torch::NoGradGuard noGrad;
    for (auto& adapter : set->m_adapters) {
        const model::LinearSite& site = sites.at(adapter->layout().site);
        for (LowRankPart& part : adapter->parts()) {
            // kaiming_uniform_(a = sqrt(5)) on a (r, in) weight: gain sqrt(1/3), bound
            // gain * sqrt(3 / in) = 1 / sqrt(in). Drawn on CPU so every device agrees.
            const double bound = 1.0 / std::sqrt(double(adapter->layout().in));
            part.a.copy_(torch::empty(part.a.sizes(), torch::kFloat).uniform_(-bound, bound, generator));
            if (settings.method == AdapterMethod::Dora)
                part.magnitude.copy_(
                    doraWeightNorm(site.weight.narrow(0, part.where.rowOffset, part.where.rows), part, settings.scale()));
        }
    }
    for (auto& [name, tensor] : set->namedParameters())
        tensor.set_requires_grad(true);
    return set;
}

std::map<std::string, model::LinearSite> AdapterSet::matchingSites(model::TransformerImpl& model) const
{
    std::map<std::string, model::LinearSite> byName;
    for (model::LinearSite& site : model::linearSites(model))
        byName.emplace(site.name, site);
    std::map<std::string, model::LinearSite> out;
    for (const auto& adapter : m_adapters) {
        const SiteLayout& layout = adapter->layout();
        auto it = byName.find(layout.site);
        if (it == byName.end())
            throw Error("the model has no linear map '" + layout.site + "' for the adapter of " +
                        layout.parts.front().module);
        const torch::Tensor& w = it->second.weight;
        if (w.dim() != 2 || w.size(0) != layout.out || w.size(1) != layout.in)
            throw Error("the model's '" + layout.site + "' has shape " + c10::str(w.sizes()) + ", the adapter of " +
                        layout.parts.front().module + " expects [" + std::to_string(layout.out) + ", " +
                        std::to_string(layout.in) + "]");
        out.emplace(layout.site, it->second);
    }
    return out;
}

void AdapterSet::attach(model::TransformerImpl& model)
{
    auto sites = matchingSites(model);
    for (auto& adapter : m_adapters)
        *sites.at(adapter->layout().site).slot = adapter;
}

void AdapterSet::detach(model::TransformerImpl& model)
{
    for (model::LinearSite& site : model::linearSites(model))
        site.slot->reset();
}

void AdapterSet::setBase(const std::string& siteName, std::shared_ptr<FrozenBase> base)
{
    for (auto& adapter : m_adapters)
        if (adapter->layout().site == siteName) {
            adapter->setBase(std::move(base));
            return;
        }
    throw Error("no adapter on the linear map '" + siteName + "'");
}

std::vector<std::pair<std::string, torch::Tensor>> AdapterSet::namedParameters() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& adapter : m_adapters)
        for (const LowRankPart& part : adapter->parts()) {
            out.emplace_back(peftKey(part.where, "lora_A.weight"), part.a);
            out.emplace_back(peftKey(part.where, "lora_B.weight"), part.b);
            if (part.magnitude.defined())
                out.emplace_back(peftKey(part.where, "lora_magnitude_vector"), part.magnitude);
        }
    return out;
}

int64_t AdapterSet::parameterCount() const
{
    int64_t count = 0;
    for (const auto& adapter : m_adapters)
        for (const LowRankPart& part : adapter->parts())
            count += part.a.numel() + part.b.numel() + (part.magnitude.defined() ? part.magnitude.numel() : 0);
    return count;
}

void AdapterSet::setTraining(bool training)
{
    for (auto& adapter : m_adapters)
        adapter->setTraining(training);
}

void AdapterSet::mergeInto(model::TransformerImpl& model) const
{
    auto sites = matchingSites(model);
    for (const auto& adapter : m_adapters)
        if (adapter->layout().head && model.config().tie_embeddings)
            throw Error("the adapter on " + adapter->layout().parts.front().module +
                        " cannot be merged: the output head shares the token embedding's weight");
    torch::NoGradGuard noGrad;
    for (const auto& adapter : m_adapters) {
        model::LinearSite& site = sites.at(adapter->layout().site);
        site.weight.copy_(adapter->mergeWith(site.weight).to(site.weight.scalar_type()));
        site.slot->reset();
    }
}

} // namespace lw::peft
