#pragma once
// Small multiple-choice files for the evaluation tests, written into a scratch folder.
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <string>

namespace lw::test {

inline std::string writeChoiceFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return path.toStdString();
}

} // namespace lw::test
