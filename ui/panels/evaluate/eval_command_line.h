#pragma once
// The `llmwb eval` command lines of the Evaluate panel, one job per model. Only what the
// form sets is passed: a setting left at "default" leaves its flag out, so the command's
// own defaults hold (they are not repeated here).
#include "ui/shell/job_supervisor.h"

#include <QString>
#include <QStringList>

namespace lw::ui::evaluate {

// The tasks, as `llmwb eval <task>` names them.
inline const QString kTaskPerplexity = QStringLiteral("perplexity");
inline const QString kTaskMultipleChoice = QStringLiteral("mc");
inline const QString kTaskGenerate = QStringLiteral("generate");
inline const QString kTaskJudge = QStringLiteral("judge");
QStringList evalTasks();

struct EvalRequest {
    QString projectDir;
    QString task = kTaskPerplexity;
    QStringList models; // specs `--model` takes, evaluated in this order
    // perplexity: a dataset of the project or a text file (the dataset wins when both are set)
    QString dataset;
    QString textFile;
    int context = 0; // 0: the model's context
    int stride = 0;  // 0: the command's default
    // mc, generate, judge: a file (or, for mc, a dataset)
    QString data;
    QString layout = QStringLiteral("auto"); // mc
    int shots = -1;                          // mc; -1: the command's default
    int seed = -1;                           // mc; -1: the command's default
    int limit = 0;                           // mc, generate; 0: every example
    QString promptTemplate;                  // generate; "": the command's default
    int maxNewTokens = 0;                    // generate; 0: the command's default
    QString judgeUrl;                        // judge
    QString judgeModel;                      // judge; "": the server's
    QString rubric;                          // judge; "": the command's default
};

// `eval <task> --model <model> ... --project <dir> --events`.
QStringList evalArguments(const EvalRequest& request, const QString& model);
JobSpec evalJob(const EvalRequest& request, const QString& model);

// An empty string when the request can run, else what is missing (translated).
QString missingInput(const EvalRequest& request);

} // namespace lw::ui::evaluate
