#pragma once

// The study on screen (a study file, issue 8): its records without vectors and the aggregates, the model pair
// the figures show, the figures' settings (strength or count, κ variant, with or without the top-1 filter),
// and opening one prompt as a session for the single-prompt views (its vectors are read only then).

#include "study/study_types.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace interlens {
struct Session;
}

namespace interlens::ui {

struct StudyPair
{
    int a = 0, b = 0; // model indices, a < b
    std::string name; // "<a>__<b>", the group under /aggregate/pairs
};

class StudyController : public QObject
{
    Q_OBJECT
public:
    enum class Measure { Strength, Count }; // Fig. 3: sums of I, or counts of interactions (+1/−1)

    explicit StudyController(QObject* parent = nullptr);

    // Reads the file (without per-prompt vectors) through the GUI's reader (readOpenedFile, file_loader.h);
    // false with a message naming the file on failure, and the study on screen stays as it was.
    bool open(const QString& path, QString* error);
    // Shows a study read elsewhere (the reader, on FileLoader's thread or the caller's) from the file `path`.
    void show(Study study, const QString& path);
    bool hasStudy() const { return m_loaded; }
    QString filePath() const { return m_path; }
    const Study& study() const { return m_study; }
    QStringList modelIds() const;
    const std::vector<StudyPair>& pairs() const { return m_pairs; }
    int pairIndex(int a, int b) const; // -1 when there is no such pair
    QString pairTitle(int pair) const; // "a × b" ("" for no pair)

    int currentPair() const { return m_currentPair; }
    void selectPair(int index);
    Measure measure() const { return m_measure; }
    void setMeasure(Measure measure);
    // One of kappaVariants(): a dataset under /aggregate/kappa.
    QString kappaVariant() const { return m_kappaVariant; }
    void setKappaVariant(const QString& name);
    static QStringList kappaVariants();
    static QString kappaVariantTitle(const QString& name);
    // Prompts scored although they fail the top-1 filter (--score-all) give a second set of aggregates.
    bool hasUnfilteredAggregate() const;
    bool withoutTop1Filter() const { return m_withoutTop1; }
    void setWithoutTop1Filter(bool on);

    // The aggregates the figures show (with or without the top-1 filter); null without a study.
    const AggNode* aggregate() const;
    // /aggregate/pairs/<pair>/a or /b; null when no prompt passed the filters.
    const AggNode* pairRole(int pair, int role) const;
    // The current κ variant as an M×M matrix (row i, column j), NaN where undefined.
    std::vector<double> kappaMatrix() const;
    // Prompts that passed every filter.
    int keptCount() const;

    // Record `row` of study().prompts as a session (its vectors read from the file now); null with a message
    // naming the prompt when it was not scored or the file cannot be read.
    std::shared_ptr<const Session> promptSession(int row, QString* error) const;

Q_SIGNALS:
    void studyChanged();
    void currentPairChanged(int pair);
    void settingsChanged(); // measure, κ variant or filter variant

private:
    Study m_study;
    bool m_loaded = false;
    QString m_path;
    std::vector<StudyPair> m_pairs;
    int m_currentPair = -1;
    Measure m_measure = Measure::Strength;
    QString m_kappaVariant = QStringLiteral("kappa");
    bool m_withoutTop1 = false;
};

} // namespace interlens::ui
