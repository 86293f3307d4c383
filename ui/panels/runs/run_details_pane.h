#pragma once
// Details of the current run (status, folder, host, times, error, the dataset it trained
// on with the versions that dataset was made from, checkpoints) with its editable
// parts: tags of the selected runs (add to all, remove from those that have it) and the
// current run's notes (multi-line, saved on demand so that a refresh never overwrites
// what the user is typing).
#include "core/store/records.h"
#include "ui/panels/runs/runs_store_jobs.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QCompleter;
class QStringListModel;

namespace lw::ui {

class RunDetailsPane : public QWidget {
    Q_OBJECT
public:
    explicit RunDetailsPane(QWidget* parent = nullptr);

    // `current` is one of `selected`, or nullptr when nothing is selected.
    void showRuns(const QVector<const lw::store::RunRecord*>& selected,
        const lw::store::RunRecord* current, const QStringList& allTags);

    // The current run's checkpoints (loaded apart, from the store and the disk).
    void showCheckpoints(qint64 runId, const std::vector<CheckpointRow>& checkpoints);
    QTreeWidget* checkpointList() const { return m_checkpoints; }

    // The current run's dataset and what it was made from (loaded apart, from the store).
    void showDatasetLineage(qint64 runId, const std::vector<lw::records::LineageEntry>& lineage);
    QLabel* datasetLabel() const { return m_dataset; }

    QLineEdit* newTagEdit() const { return m_newTag; }
    QPushButton* addTagButton() const { return m_addTag; }
    QListWidget* tagList() const { return m_tags; }
    QPushButton* removeTagButton() const { return m_removeTag; }
    QPlainTextEdit* notesEdit() const { return m_notes; }
    QPushButton* saveNotesButton() const { return m_saveNotes; }

Q_SIGNALS:
    void addTagRequested(const QString& tag);    // to every selected run
    void removeTagRequested(const QString& tag); // from the selected runs that have it
    void saveNotesRequested(qint64 runId, const QString& notes);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void requestAddTag();
    void updateButtons();

    void retranslateCheckpointHeaders();
    QString lineageEntryText(const lw::records::LineageEntry& entry) const;

    QLabel* m_info;
    QLabel* m_dataset;
    std::vector<lw::records::LineageEntry> m_lineage;
    qint64 m_lineageRunId = -1;
    QTreeWidget* m_checkpoints;
    QLabel* m_checkpointsLabel;
    std::vector<CheckpointRow> m_checkpointRows;
    qint64 m_checkpointsRunId = -1;
    QListWidget* m_tags;
    QLineEdit* m_newTag;
    QPushButton* m_addTag;
    QPushButton* m_removeTag;
    QStringListModel* m_tagCompletions;
    QPlainTextEdit* m_notes;
    QPushButton* m_saveNotes;
    QLabel* m_notesLabel;
    QGroupBox* m_tagsBox;
    qint64 m_notesRunId = -1;
    int m_selectedCount = 0;
};

} // namespace lw::ui
