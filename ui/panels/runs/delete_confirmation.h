#pragma once
// The question asked before runs are deleted: which runs, their folders, how many
// checkpoints and how much disk space go with them. Runs still running are named and
// skipped.
#include "ui/panels/runs/runs_store_jobs.h"

#include <QString>

#include <vector>

class QWidget;

namespace lw::ui {

// The dialog's text (also what a test can check).
QString deletionSummary(const std::vector<RunDeletionItem>& items);
// Asks (modal); true when the user confirmed and there is something to delete. The
// dialog is named "deleteConfirmation" and its confirming button "confirmDelete".
bool confirmDeletion(QWidget* parent, const std::vector<RunDeletionItem>& items);

} // namespace lw::ui
