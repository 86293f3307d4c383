#pragma once
// What the Chat panel tests share: the demo project made by core in a folder of the
// test, with one short run trained on the demo stories. That run is also what the demo
// model resolves to (the newest completed run on the demo dataset), so "the demo model"
// needs no minute of training. Its model reads 1024 positions (trained on 64), so that
// an answer can be long enough to stop halfway or to measure the GUI during it.
#include <QString>
#include <QTemporaryDir>

#include <string>
#include <vector>

namespace chat_test {

struct ChatFixture {
    QString dataFolder;  // the Preferences' data folder: the demo project is <data>/default
    QString projectDir;
    QString checkpoint;  // the run's best checkpoint (absolute)
    qint64 runId = 0;
};

// Trains the run once per call (a few seconds); `dir` must outlive the fixture.
ChatFixture makeChatFixture(const QTemporaryDir& dir);

// The answer core's Generator gives, computed apart from the panel: the checkpoint
// loaded afresh, the conversation through the named template, greedy decoding that does
// not end at the end-of-text token (chat_test::greedySettings).
std::string greedyChatAnswer(const QString& checkpoint, const std::string& templateName,
                             const std::vector<std::pair<std::string, std::string>>& messages, int maxTokens);

// The plain continuation of `prompt` (no template), greedy, computed the same way.
std::string greedyContinuation(const QString& checkpoint, const std::string& prompt, int maxTokens);

} // namespace chat_test
