#include "ui/panels/quantize/importance_file_check.h"

#include "core/quant/importance_matrix.h"

#include <QCoreApplication>

#include <exception>

namespace lw::ui::quantize {

namespace {

QString checkText(const char* text)
{
    return QCoreApplication::translate("lw::ui::quantize::ImportanceFileCheck", text);
}

} // namespace

QString importanceFileProblem(const QString& path)
{
    QString why;
    try {
        if (quant::ImportanceMatrix::read(path.toStdString()).entries().empty())
            why = checkText("it holds no entries.");
    } catch (const std::exception& e) {
        why = QString::fromUtf8(e.what());
    }
    return why.isEmpty() ? QString() : checkText("The importance matrix %1 cannot be used: %2").arg(path, why);
}

} // namespace lw::ui::quantize
