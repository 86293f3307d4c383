#include "ui/panels/runs/delete_confirmation.h"

#include "ui/panels/runs/run_display.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace lw::ui {

namespace {

class DeleteConfirmation {
    Q_DECLARE_TR_FUNCTIONS(DeleteConfirmation)
};

int deletableCount(const std::vector<RunDeletionItem>& items)
{
    int count = 0;
    for (const auto& item : items)
        count += item.running ? 0 : 1;
    return count;
}

} // namespace

QString deletionSummary(const std::vector<RunDeletionItem>& items)
{
    qint64 bytes = 0;
    int checkpoints = 0;
    QStringList lines;
    for (const auto& item : items) {
        const QString title = QStringLiteral("#%1 %2").arg(item.runId).arg(QString::fromStdString(item.name));
        if (item.running) {
            lines << DeleteConfirmation::tr("%1: running, will be kept (cancel it first)").arg(title);
            continue;
        }
        bytes += item.bytes;
        checkpoints += item.checkpointFiles;
        lines << DeleteConfirmation::tr("%1: folder %2, %n checkpoint(s), %3", nullptr, item.checkpointFiles)
                     .arg(title,
                         item.runDir.empty() ? DeleteConfirmation::tr("(none)") : QString::fromStdString(item.runDir),
                         formatBytes(item.bytes));
    }
    const int count = deletableCount(items);
    QString text = DeleteConfirmation::tr("Delete %n run(s)?", nullptr, count) + QStringLiteral("\n\n") +
        lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
    text += DeleteConfirmation::tr(
        "Their metrics, samples and notes, %n checkpoint file(s) and the run folders will be "
        "deleted, freeing %1. This cannot be undone.", nullptr, checkpoints)
                .arg(formatBytes(bytes));
    return text;
}

bool confirmDeletion(QWidget* parent, const std::vector<RunDeletionItem>& items)
{
    QMessageBox box(parent);
    box.setObjectName(QStringLiteral("deleteConfirmation"));
    box.setWindowTitle(DeleteConfirmation::tr("Delete runs"));
    box.setIcon(QMessageBox::Warning);
    if (deletableCount(items) == 0) {
        box.setText(DeleteConfirmation::tr("Running runs cannot be deleted; cancel them first."));
        box.setStandardButtons(QMessageBox::Ok);
        box.exec();
        return false;
    }
    box.setText(deletionSummary(items));
    QPushButton* remove = box.addButton(DeleteConfirmation::tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDelete"));
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel); // Enter must not destroy work
    box.exec();
    return box.clickedButton() == remove;
}

} // namespace lw::ui
