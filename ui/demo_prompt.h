#pragma once

// The prompt the window opens with: the first line of resources/prompts/demo.jsonl ({"id", "text", "target",
// "players": [...]}) when present, else a built-in TinyStories-style sentence.

#include <QString>
#include <QStringList>

namespace interlens::ui {

struct DemoPrompt
{
    QString id;
    QString text;
    QString target;
    QStringList players;
};

DemoPrompt builtinDemoPrompt();
// Reads the first valid line of `path`; the built-in prompt when the file is missing or unreadable.
DemoPrompt loadDemoPrompt(const QString& path);
// resourcesDir()/prompts/demo.jsonl
DemoPrompt defaultDemoPrompt();

} // namespace interlens::ui
