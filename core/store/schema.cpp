#include "core/store/schema.h"

namespace lw::store {

namespace {

// Version 1. Times are Unix seconds (UTC) as REAL; *_json columns hold JSON text.
// Paths are stored relative to the project folder when they lie inside it.
// Run status is not constrained by a CHECK: SQLite can only change a CHECK by rebuilding
// the table, and the code validates status strings when it reads them.
const char* const kSchemaV1 = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE projects(
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  REAL NOT NULL
);

CREATE TABLE tokenizers(
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  vocab_size INTEGER NOT NULL DEFAULT 0,
  path       TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL,
  meta_json  TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE datasets(
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE,
  kind              TEXT NOT NULL,
  tokenizer_id      INTEGER REFERENCES tokenizers(id) ON DELETE SET NULL,
  path              TEXT NOT NULL DEFAULT '',
  source_files_json TEXT NOT NULL DEFAULT '[]',
  train_tokens      INTEGER NOT NULL DEFAULT 0,
  val_tokens        INTEGER NOT NULL DEFAULT 0,
  created_at        REAL NOT NULL,
  meta_json         TEXT NOT NULL DEFAULT '{}'
);
-- Foreign keys need an index on the child column, or deleting a parent scans the table.
CREATE INDEX datasets_by_tokenizer ON datasets(tokenizer_id);

CREATE TABLE runs(
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL DEFAULT 'pretrain',
  status        TEXT NOT NULL DEFAULT 'created',
  config_json   TEXT NOT NULL DEFAULT '{}',
  dataset_id    INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  tokenizer_id  INTEGER REFERENCES tokenizers(id) ON DELETE SET NULL,
  parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  run_dir       TEXT NOT NULL DEFAULT '',
  host          TEXT NOT NULL DEFAULT '',
  pid           INTEGER,
  created_at    REAL NOT NULL,
  started_at    REAL,
  ended_at      REAL,
  updated_at    REAL NOT NULL,
  step          INTEGER NOT NULL DEFAULT 0,
  max_steps     INTEGER NOT NULL DEFAULT 0,
  best_val_loss REAL,
  best_step     INTEGER,
  error_message TEXT NOT NULL DEFAULT '',
  notes         TEXT NOT NULL DEFAULT ''
);
-- The runs panel lists by status and date, or ranks by best validation loss.
CREATE INDEX runs_by_status ON runs(status, created_at);
CREATE INDEX runs_by_created ON runs(created_at);
CREATE INDEX runs_by_best_val_loss ON runs(best_val_loss);
CREATE INDEX runs_by_parent ON runs(parent_run_id);
CREATE INDEX runs_by_dataset ON runs(dataset_id);
CREATE INDEX runs_by_tokenizer ON runs(tokenizer_id);

-- The primary key is the chart's access path (run, metric, step range), and makes a
-- step logged again by a resumed run replace the earlier value. value is NULL for NaN
-- (SQLite stores NaN as NULL); it reads back as NaN.
CREATE TABLE metrics(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  step   INTEGER NOT NULL,
  value  REAL,
  time   REAL NOT NULL,
  PRIMARY KEY(run_id, name, step)
) WITHOUT ROWID;

CREATE TABLE samples(
  id     INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step   INTEGER NOT NULL,
  text   TEXT NOT NULL,
  time   REAL NOT NULL
);
CREATE INDEX samples_by_run ON samples(run_id, step);

CREATE TABLE artifacts(
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  path       TEXT NOT NULL,
  step       INTEGER,
  size_bytes INTEGER NOT NULL DEFAULT 0,
  sha256     TEXT NOT NULL DEFAULT '',
  created_at REAL NOT NULL,
  meta_json  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX artifacts_by_run ON artifacts(run_id, kind, step);

CREATE TABLE run_tags(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag    TEXT NOT NULL,
  PRIMARY KEY(run_id, tag)
) WITHOUT ROWID;
CREATE INDEX run_tags_by_tag ON run_tags(tag, run_id);
)sql";

// Version 2: the Chat panel's conversations. A conversation keeps what it was held
// with (model, system prompt, chat template, decoding settings) so that reopening it
// continues it the same way; its messages are numbered from 0 in the order shown.
// model is a checkpoint path (stored relative to the project) or "demo".
const char* const kSchemaV2 = R"sql(
CREATE TABLE conversations(
  id            INTEGER PRIMARY KEY,
  title         TEXT NOT NULL DEFAULT '',
  model         TEXT NOT NULL DEFAULT '',
  system_prompt TEXT NOT NULL DEFAULT '',
  template_json TEXT NOT NULL DEFAULT '{}',
  settings_json TEXT NOT NULL DEFAULT '{}',
  created_at    REAL NOT NULL,
  updated_at    REAL NOT NULL
);
-- The conversation list shows the most recently used first.
CREATE INDEX conversations_by_updated ON conversations(updated_at);

CREATE TABLE conversation_messages(
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  role            TEXT NOT NULL,
  content         TEXT NOT NULL,
  stats_json      TEXT NOT NULL DEFAULT '{}',
  created_at      REAL NOT NULL,
  PRIMARY KEY(conversation_id, position)
) WITHOUT ROWID;
)sql";

// Version 3: models that are not a run's checkpoints (imports, merges, and later
// fine-tunes and quantizations), with where they came from.
const char* const kSchemaV3 = R"sql(
CREATE TABLE models(
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL,
  format       TEXT NOT NULL,
  family       TEXT NOT NULL DEFAULT '',
  architecture TEXT NOT NULL DEFAULT '',
  path         TEXT NOT NULL,
  parameters   INTEGER NOT NULL DEFAULT 0,
  bytes        INTEGER NOT NULL DEFAULT 0,
  dtype        TEXT NOT NULL DEFAULT '',
  source_json  TEXT NOT NULL DEFAULT '{}',
  lineage_json TEXT NOT NULL DEFAULT '{}',
  meta_json    TEXT NOT NULL DEFAULT '{}',
  created_at   REAL NOT NULL
);
)sql";

// Version 4: evaluations. One row per evaluation of a model on a task (perplexity,
// multiple choice, generation metrics, a judge), with what was evaluated and how, so that
// it can be re-run and compared; its per-example results in their own table. A run's
// checkpoint evaluated during training or scrubbed afterwards keeps run_id and step.
const char* const kSchemaV4 = R"sql(
CREATE TABLE evaluations(
  id            INTEGER PRIMARY KEY,
  task          TEXT NOT NULL,
  model         TEXT NOT NULL,
  model_json    TEXT NOT NULL DEFAULT '{}',
  run_id        INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  step          INTEGER,
  dataset       TEXT NOT NULL DEFAULT '',
  dataset_json  TEXT NOT NULL DEFAULT '{}',
  settings_json TEXT NOT NULL DEFAULT '{}',
  summary_json  TEXT NOT NULL DEFAULT '{}',
  tool_version  TEXT NOT NULL DEFAULT '',
  duration_s    REAL NOT NULL DEFAULT 0,
  created_at    REAL NOT NULL
);
CREATE INDEX evaluations_by_run ON evaluations(run_id, task, step);
CREATE INDEX evaluations_by_created ON evaluations(created_at);

CREATE TABLE evaluation_examples(
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  result_json   TEXT NOT NULL,
  PRIMARY KEY(evaluation_id, position)
) WITHOUT ROWID;
)sql";

std::vector<Migration> buildMigrations()
{
    std::vector<Migration> list;
    list.push_back(sqlMigration(1, "initial schema",
        std::string(kSchemaV1) + "PRAGMA application_id = " + std::to_string(kStoreApplicationId) +
            ";"));
    list.push_back(sqlMigration(2, "chat conversations", kSchemaV2));
    list.push_back(sqlMigration(3, "models", kSchemaV3));
    list.push_back(sqlMigration(4, "evaluations", kSchemaV4));
    return list;
}

} // namespace

const std::vector<Migration>& storeMigrations()
{
    static const std::vector<Migration> migrations = buildMigrations();
    return migrations;
}

int latestSchemaVersion()
{
    return static_cast<int>(storeMigrations().size());
}

} // namespace lw::store
