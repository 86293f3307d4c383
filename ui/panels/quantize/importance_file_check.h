#pragma once
// The importance matrix file the Quantize form names, read once before the job starts
// so that a wrong path or a file of another kind is reported where the user chose it
// rather than from the worker. Reads the file: call it off the GUI thread.
#include <QString>

namespace lw::ui::quantize {

// "" when `path` reads as an importance matrix (llama-imatrix .dat or GGUF) with at
// least one entry; else a translated sentence naming the file and what is wrong.
QString importanceFileProblem(const QString& path);

} // namespace lw::ui::quantize
