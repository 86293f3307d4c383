#pragma once
// The model in eval mode (no dropout) while it generates; its mode as it was afterwards.
#include "core/model/transformer.h"

namespace lw::generate {

class EvalModeGuard {
public:
    explicit EvalModeGuard(model::Transformer model) : m_model(std::move(model)), m_wasTraining(m_model->is_training())
    {
        m_model->eval();
    }
    ~EvalModeGuard()
    {
        if (m_wasTraining)
            m_model->train();
    }
    EvalModeGuard(const EvalModeGuard&) = delete;
    EvalModeGuard& operator=(const EvalModeGuard&) = delete;

private:
    model::Transformer m_model;
    bool m_wasTraining;
};

} // namespace lw::generate
