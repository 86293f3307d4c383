#include "core/model/parameter_source.h"

#include "core/util/error.h"

#include <map>
#include <memory>

namespace lw::model {

ParameterSource parameterSourceOf(Transformer& model)
{
    auto parameters = std::make_shared<std::map<std::string, torch::Tensor>>();
    for (auto& item : model->named_parameters())
        (*parameters)[item.key()] = item.value();
    return {model->config(), [parameters](const std::string& name) {
                auto it = parameters->find(name);
                if (it == parameters->end())
                    throw Error("the model has no parameter '" + name + "'");
                torch::NoGradGuard noGrad;
                return it->second.detach().to(torch::kCPU);
            }};
}

ParameterSource rememberingLastRead(ParameterSource source)
{
    struct Last {
        std::string name;
        torch::Tensor value;
    };
    auto last = std::make_shared<Last>();
    return {source.config, [read = std::move(source.read), last](const std::string& name) {
                if (!last->value.defined() || last->name != name) {
                    last->value = torch::Tensor(); // release the previous one before reading
                    last->value = read(name);
                    last->name = name;
                }
                return last->value;
            }};
}

} // namespace lw::model
