#include "core/serve/demo_loader.h"

#include "core/serve/demo_model.h"
#include "core/util/blas_setup.h"

#include <torch/torch.h>

namespace lw::serve {

namespace {

constexpr const char* kServeDemo = "`llmwb serve --model demo`";

} // namespace

DemoModelLoader::DemoModelLoader(ApiServer& server, std::string projectDir, ModelLoadOptions load, int threads,
                                 DemoLoaderCallbacks callbacks)
    : m_server(server), m_projectDir(std::move(projectDir)), m_load(std::move(load)), m_threads(threads),
      m_callbacks(std::move(callbacks))
{
    m_progress.stage = "preparing";
    m_progress.message = "preparing the demo project";
    publish();
    m_thread = std::thread([this] { run(); });
}

DemoModelLoader::~DemoModelLoader()
{
    stop();
}

void DemoModelLoader::stop()
{
    cancel();
    if (m_thread.joinable())
        m_thread.join();
}

void DemoModelLoader::publish()
{
    m_server.setModelProgress(m_progress);
}

void DemoModelLoader::onTrainingEvent(const nlohmann::json& e)
{
    if (m_callbacks.trainingEvents)
        m_callbacks.trainingEvents(e);
    const std::string type = e.value("event", "");
    if (e.contains("run_id") && e["run_id"].is_number_integer())
        m_progress.runId = e["run_id"].get<int64_t>();
    if (type == "run_started") {
        m_progress.stage = "training";
        m_progress.message = "training the demo model (run " + std::to_string(m_progress.runId) + ")";
        const auto config = e.find("config");
        if (config != e.end() && config->is_object() && config->contains("max_steps") &&
            (*config)["max_steps"].is_number_integer())
            m_progress.maxSteps = (*config)["max_steps"].get<int64_t>();
    } else if (type == "step") {
        m_progress.stage = "training";
        if (e.contains("step") && e["step"].is_number_integer())
            m_progress.step = e["step"].get<int64_t>();
        if (e.contains("max_steps") && e["max_steps"].is_number_integer())
            m_progress.maxSteps = e["max_steps"].get<int64_t>();
        m_progress.etaSeconds = e.contains("eta_s") && e["eta_s"].is_number() ? e["eta_s"].get<double>() : -1.0;
        m_progress.message = "training the demo model: step " + std::to_string(m_progress.step) + " of " +
                             std::to_string(m_progress.maxSteps);
    } else {
        return;
    }
    publish();
}

void DemoModelLoader::onWaiting(const train::DemoRunState& state)
{
    using Clock = std::chrono::steady_clock;
    if (m_waitStartStep < 0 || state.step < m_waitStartStep) {
        m_waitStart = Clock::now();
        m_waitStartStep = state.step;
    }
    m_progress.stage = "waiting";
    m_progress.runId = state.runId;
    m_progress.step = state.step;
    m_progress.maxSteps = state.maxSteps;
    m_progress.message = "waiting for another process that trains the demo model (run " +
                         std::to_string(state.runId) + ", step " + std::to_string(state.step) + " of " +
                         std::to_string(state.maxSteps) + ")";
    const double seconds = std::chrono::duration<double>(Clock::now() - m_waitStart).count();
    const int64_t stepsSeen = state.step - m_waitStartStep;
    m_progress.etaSeconds =
        stepsSeen > 0 ? double(state.maxSteps - state.step) * seconds / double(stepsSeen) : -1.0;
    publish();
}

std::string DemoModelLoader::howToGoOn() const
{
    try {
        const train::DemoRunState state = train::findDemoRun(m_projectDir);
        switch (state.state) {
        case train::DemoRunState::State::Resumable:
            return "the next start of " + std::string(kServeDemo) + " resumes run " + std::to_string(state.runId) +
                   " from step " + std::to_string(state.step);
        case train::DemoRunState::State::Training:
            return "another process trains it now (run " + std::to_string(state.runId) + "); start " + kServeDemo +
                   " again to wait for it";
        case train::DemoRunState::State::Ready:
            return "it is ready now: start " + std::string(kServeDemo) + " again";
        case train::DemoRunState::State::Missing:
            break;
        }
    } catch (const std::exception&) {
    }
    return "the next start of " + std::string(kServeDemo) + " trains it again";
}

void DemoModelLoader::run()
{
    // LibTorch's and OpenBLAS's thread counts are per thread under OpenMP.
    util::configureThreads(m_threads);
    std::string checkpoint;
    try {
        checkpoint = ensureDemoCheckpoint(
            m_projectDir, m_control,
            [this](const std::string& message) {
                if (m_callbacks.message)
                    m_callbacks.message(message);
                if (m_progress.stage == "preparing") {
                    m_progress.message = message;
                    publish();
                }
            },
            [this](const nlohmann::json& e) { onTrainingEvent(e); },
            [this](const train::DemoRunState& state) { onWaiting(state); });
        m_progress.stage = "loading";
        m_progress.etaSeconds = 0;
        m_progress.message = "loading the demo model";
        publish();
        auto model = std::make_unique<ServedModel>(loadServedModel(checkpoint, m_load));
        // Asked here: once served, only the generation thread touches the Generator.
        const std::string runner = model->generator->runnerDescription();
        const ServedModel& served = *model;
        m_server.serveModel(std::move(model));
        if (m_callbacks.ready)
            m_callbacks.ready(served, runner);
    } catch (const std::exception& e) {
        m_cancelled = m_control.cancelRequested();
        std::string message = e.what();
        if (!m_cancelled)
            message += "; " + howToGoOn();
        m_server.setModelFailed(message);
        if (m_callbacks.failed)
            m_callbacks.failed(message);
    }
}

} // namespace lw::serve
