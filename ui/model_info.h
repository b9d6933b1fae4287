#pragma once

// What the model list shows about a model folder before it is loaded: read from config.json and the
// safetensors headers only (milliseconds, no weights read).

#include <QString>

#include <cstdint>

namespace interlens::ui {

struct ModelInfo
{
    QString dir;
    QString name;         // folder name
    QString architecture; // config.json architectures[0] or model_type
    QString modelType;
    std::int64_t parameters = 0; // sum over the stored tensors (a tied head stored once counts once)
    QString storedDtype;         // torch_dtype of config.json, else the dtype of the stored tensors
    bool hasTokenizer = false;
    QString error; // "" when the folder looks usable
};

ModelInfo readModelInfo(const QString& dir);

// "124.4 M", "260 K", ...
QString formatParameterCount(std::int64_t count);

} // namespace interlens::ui
