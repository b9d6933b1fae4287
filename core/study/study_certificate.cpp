#include "study/study_certificate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace interlens {

namespace {

// Max that ignores NaN on either side.
double maxKnown(double a, double b)
{
    if (!std::isfinite(a))
        return b;
    if (!std::isfinite(b))
        return a;
    return std::max(a, b);
}

std::string gapText(double gap)
{
    if (!std::isfinite(gap))
        return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", gap);
    return text;
}

nlohmann::json numberOrNull(double x)
{
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json();
}

// The run options' request stores tolerances as exact decimal texts (explain/request_key.h).
double toleranceOf(const nlohmann::json& request, const char* name)
{
    const auto it = request.find(name);
    if (it == request.end() || !it->is_string())
        return kNotRecorded;
    try {
        return std::stod(it->get<std::string>());
    } catch (const std::exception&) {
        return kNotRecorded;
    }
}

const PairResult* findPair(const PromptRecord& r, const std::string& a, const std::string& b)
{
    for (const PairResult& p : r.pairs)
        if (p.a == a && p.b == b)
            return &p;
    return nullptr;
}

} // namespace

void ExtractionTally::add(const std::optional<SolverCertificate>& certificate, bool reference)
{
    ++extractions;
    if (reference || !certificate) {
        ++uncertified;
        return;
    }
    if (!certificate->converged)
        ++notConverged;
    if (std::isfinite(certificate->gap))
        maxRelativeGap =
            maxKnown(maxRelativeGap, certificate->gap / std::max(1.0, std::abs(certificate->loss)));
}

void ExtractionTally::add(const ExtractionTally& other)
{
    extractions += other.extractions;
    notConverged += other.notConverged;
    uncertified += other.uncertified;
    maxRelativeGap = maxKnown(maxRelativeGap, other.maxRelativeGap);
}

double StudyCertificate::maxRelativeGap() const
{
    return maxKnown(single.maxRelativeGap, joint.maxRelativeGap);
}

StudyCertificate studyCertificate(const Study& study)
{
    StudyCertificate c;
    try {
        const nlohmann::json run = nlohmann::json::parse(study.meta.runOptions);
        c.mode = run.value("mode", std::string());
        c.baseline = run.value("baseline", std::string());
        if (const auto request = run.find("request"); request != run.end() && request->is_object()) {
            c.singleTolerance = toleranceOf(*request, "single.tolerance");
            c.jointTolerance = toleranceOf(*request, "joint.tolerance");
        }
    } catch (const nlohmann::json::exception&) {
        // Unreadable run options (a hand-made file): the mode and tolerances stay unknown.
    }
    for (const PromptRecord& r : study.prompts) {
        if (r.status != PromptStatus::Done)
            continue;
        for (const ModelResult& m : r.models)
            if (!m.failed())
                c.single.add(m.certificate, c.reference());
        for (const PairResult& p : r.pairs)
            if (p.extracted())
                c.joint.add(p.certificate, c.reference());
    }
    return c;
}

ExtractionTally pairTally(const Study& study, const StudyCertificate& certificate, const std::string& a,
                          const std::string& b, const std::vector<double>& promptIndices,
                          std::vector<std::string>* notConvergedIds)
{
    ExtractionTally tally;
    for (double index : promptIndices) {
        // Records are sorted by prompt index (study_types.h).
        const auto it = std::lower_bound(
            study.prompts.begin(), study.prompts.end(), index,
            [](const PromptRecord& r, double x) { return static_cast<double>(r.prompt.index) < x; });
        if (it == study.prompts.end() || static_cast<double>(it->prompt.index) != index)
            continue;
        const PairResult* p = findPair(*it, a, b);
        if (!p)
            continue;
        const std::size_t before = tally.notConverged;
        tally.add(p->certificate, certificate.reference());
        if (tally.notConverged > before && notConvergedIds)
            notConvergedIds->push_back(it->prompt.id);
    }
    return tally;
}

std::string notConvergedText(const ExtractionTally& tally, const std::string& what)
{
    if (tally.notConverged == 0)
        return {};
    return std::to_string(tally.notConverged) + " of " + std::to_string(tally.extractions) + " " + what +
           " extractions did not converge (max gap " + gapText(tally.maxRelativeGap) + ")";
}

std::string certificateSummaryText(const StudyCertificate& certificate)
{
    if (certificate.reference())
        return "no certificate: reference mode";
    const std::size_t n = certificate.notConverged();
    if (n == 0)
        return {};
    return std::to_string(n) + (n == 1 ? " extraction" : " extractions") + " did not converge (max gap " +
           gapText(certificate.maxRelativeGap()) + ")";
}

nlohmann::json tallyJson(const ExtractionTally& tally, bool reference)
{
    return {{"extractions", tally.extractions},
            {"not_converged", reference ? nlohmann::json() : nlohmann::json(tally.notConverged)},
            {"uncertified", tally.uncertified},
            {"max_relative_gap", numberOrNull(tally.maxRelativeGap)}};
}

nlohmann::json certificateJson(const StudyCertificate& c)
{
    return {{"mode", c.mode.empty() ? nlohmann::json() : nlohmann::json(c.mode)},
            {"baseline", c.baseline.empty() ? nlohmann::json() : nlohmann::json(c.baseline)},
            {"certified", !c.reference()},
            {"tolerance",
             {{"single", numberOrNull(c.singleTolerance)}, {"joint", numberOrNull(c.jointTolerance)}}},
            {"relative_gap", "duality gap / max(1, |objective|); converged when <= tolerance"},
            {"single", tallyJson(c.single, c.reference())},
            {"joint", tallyJson(c.joint, c.reference())}};
}

FindingsCertificate findingsCertificate(const Study& study, const std::vector<PairPrompts>& pairPrompts)
{
    const StudyCertificate c = studyCertificate(study);
    FindingsCertificate out;
    out.json = certificateJson(c);
    out.json["extraction"] = {
        {"pairs", "joint"}, {"kappa", "joint"}, {"kappa_variants", "joint"},    {"F1", "joint"},
        {"F2", "joint"},    {"F3", "joint"},    {"independent_kappa", "single"}};
    nlohmann::json pairsJson = nlohmann::json::array();
    std::string byPair;
    for (const PairPrompts& p : pairPrompts) {
        std::vector<std::string> ids;
        const ExtractionTally tally = pairTally(study, c, p.a, p.b, p.indices, &ids);
        nlohmann::json j = tallyJson(tally, c.reference());
        j["a"] = p.a;
        j["b"] = p.b;
        j["not_converged_prompts"] = ids;
        pairsJson.push_back(j);
        out.pairs.push_back(tally);
        if (!ids.empty()) {
            byPair += (byPair.empty() ? "" : "; ") + p.a + " / " + p.b + ":";
            for (std::size_t k = 0; k < ids.size(); ++k)
                byPair += (k ? ", " : " ") + ids[k];
        }
    }
    out.json["pairs"] = pairsJson;

    std::string statement =
        "Certificate: " + (c.mode.empty() ? std::string("mode not recorded") : c.mode + " mode") +
        ", baseline " + (c.baseline.empty() ? std::string("not recorded") : c.baseline) +
        "; κ, its variants and F1–F3 come from each pair's joint extraction, independent κ "
        "from the single-model ones. ";
    if (c.reference()) {
        statement += "No certificate: reference mode (the lab's SGD gives no duality gap; " +
                     std::to_string(c.single.extractions) + " single-model and " +
                     std::to_string(c.joint.extractions) + " joint extractions).";
    } else {
        const auto part = [](const ExtractionTally& t, const std::string& what) {
            return t.notConverged > 0
                       ? notConvergedText(t, what)
                       : "all " + std::to_string(t.extractions) + " " + what +
                             " extractions converged (max gap " + gapText(t.maxRelativeGap) + ")";
        };
        const std::string tolerance =
            c.singleTolerance == c.jointTolerance || !std::isfinite(c.jointTolerance)
                ? gapText(c.singleTolerance)
                : gapText(c.singleTolerance) + " single, " + gapText(c.jointTolerance) + " joint";
        statement += "Relative duality gap, tolerance " + tolerance + ": " + part(c.single, "single-model") +
                     "; " + part(c.joint, "joint");
        if (c.single.uncertified + c.joint.uncertified > 0)
            statement += "; " + std::to_string(c.single.uncertified + c.joint.uncertified) +
                         " extractions carry no certificate (a file from before certificates)";
        if (!byPair.empty())
            statement += ". Not converged among the prompts the findings use: " + byPair;
        statement += c.notConverged() > 0 ? "; they are included in the numbers below." : ".";
    }
    out.json["statement"] = statement;
    return out;
}

std::string findingCertificateNote(const ExtractionTally& inputs)
{
    if (inputs.notConverged == 0)
        return {};
    return "; " + notConvergedText(inputs, "joint") + "; they are included";
}

} // namespace interlens
