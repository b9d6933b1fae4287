#include "interactions/sparsify.h"

#include "common/error.h"
#include "interactions/and_or.h"
#include "interactions/pdhg_solver.h"
#include "interactions/reference_sgd.h"
#include "interactions/sparsify_problem.h"

#include <cmath>

namespace interlens {

using namespace sparsify_detail;

SingleResult decomposeExact(std::span<const double> v)
{
    checkedGame(v, "decompose: v");
    SingleResult result;
    result.mode = SparsifyMode::Solver;
    const std::vector<double> zero(v.size(), 0.0);
    AndOrInteractions half = splitInteractions(v, zero, zero);
    result.loss = l1Norm(half);
    AndOrInteractions full = harsanyiOf(v);
    result.iAndRaw = full.iAnd;
    result.iOrRaw = full.iOr;
    AndOrInteractions merged = reorganized(std::move(full));
    result.iAnd = std::move(merged.iAnd);
    result.iOr = std::move(merged.iOr);
    result.gamma = zero;
    result.q = zero;
    result.lowerBound = std::nan("");
    result.gap = std::nan("");
    return result;
}

SingleResult sparsify(std::span<const double> v, const SparsifyOptions& options)
{
    checkedGame(v, "sparsify: v");
    if (options.mode == SparsifyMode::Reference)
        return sparsifyReference(v, options);
    const double qBound = qBoundOf(v, options.qThreshold, options.qBound);
    SolverSettings settings;
    settings.tolerance = options.tolerance;
    settings.maxIterations = options.maxIterations;
    settings.recording = options.recording;
    settings.cancel = options.cancel;
    const std::vector<std::vector<double>> vs{std::vector<double>(v.begin(), v.end())};
    const double qBounds[] = {qBound};
    const double pBounds[] = {0.0};
    JointResult joint = solveJoint(vs, qBounds, pBounds, settings);
    SingleResult result;
    static_cast<AndOrResult&>(result) = std::move(joint.models[0]);
    result.mode = SparsifyMode::Solver;
    result.lowerBound = joint.lowerBound;
    result.gap = joint.gap;
    result.converged = joint.converged;
    result.iterations = joint.iterations;
    result.lossCurve = std::move(joint.lossCurve);
    return result;
}

JointResult sparsifyJoint(std::span<const std::vector<double>> vs, const JointOptions& options)
{
    if (vs.size() < 2)
        throw InputError("joint extraction: needs at least 2 models, got " + std::to_string(vs.size()));
    const int n = checkedGame(vs[0], "joint extraction: model 0");
    for (std::size_t i = 1; i < vs.size(); ++i)
        if (checkedGame(vs[i], ("joint extraction: model " + std::to_string(i)).c_str()) != n)
            throw InputError("joint extraction: model " + std::to_string(i) + " has " +
                             std::to_string(vs[i].size()) + " values, model 0 has " +
                             std::to_string(vs[0].size()));
    if (!options.averageOutput.empty() && options.averageOutput.size() != vs.size())
        throw InputError("joint extraction: averageOutput has " +
                         std::to_string(options.averageOutput.size()) + " entries for " +
                         std::to_string(vs.size()) + " models");
    if (!(options.alpha >= 0.0 && options.alpha <= 1.0))
        throw InputError("joint extraction: alpha must lie in [0, 1]");
    std::vector<double> qBounds, pBounds;
    for (std::size_t i = 0; i < vs.size(); ++i) {
        qBounds.push_back(qBoundOf(vs[i], options.qThreshold));
        const double average =
            options.averageOutput.empty() ? vs[i].back() - vs[i].front() : options.averageOutput[i];
        pBounds.push_back(options.pThreshold * average);
    }
    if (options.mode == SparsifyMode::Reference)
        return sparsifyJointReference(vs, qBounds, pBounds, options);
    SolverSettings settings;
    settings.alpha = options.alpha;
    settings.tolerance = options.tolerance;
    settings.maxIterations = options.maxIterations;
    settings.recording = options.recording;
    settings.cancel = options.cancel;
    JointResult result = solveJoint(vs, qBounds, pBounds, settings);
    result.pBound = pBounds;
    return result;
}

MultiModelResult sparsifyModels(std::span<const std::vector<double>> vs, PairingMode pairing,
                                const JointOptions& jointOptions, const SparsifyOptions& singleOptions)
{
    MultiModelResult out;
    out.pairing = pairing;
    switch (pairing) {
    case PairingMode::AllModels:
        out.all = sparsifyJoint(vs, jointOptions);
        break;
    case PairingMode::Pairwise:
        if (vs.size() < 2)
            throw InputError("pairwise extraction: needs at least 2 models");
        for (std::size_t a = 0; a < vs.size(); ++a)
            for (std::size_t b = a + 1; b < vs.size(); ++b) {
                const std::vector<std::vector<double>> pair{vs[a], vs[b]};
                JointOptions options = jointOptions;
                if (!options.averageOutput.empty())
                    options.averageOutput = {jointOptions.averageOutput.at(a),
                                             jointOptions.averageOutput.at(b)};
                out.pairs.push_back({static_cast<int>(a), static_cast<int>(b), sparsifyJoint(pair, options)});
            }
        break;
    case PairingMode::Independent:
        for (const auto& v : vs)
            out.independent.push_back(sparsify(v, singleOptions));
        break;
    }
    return out;
}

SparsifyMode parseSparsifyMode(const std::string& text)
{
    if (text == "reference")
        return SparsifyMode::Reference;
    if (text == "solver")
        return SparsifyMode::Solver;
    throw InputError("unknown sparsification mode '" + text + "' (expected reference or solver)");
}

const char* sparsifyModeName(SparsifyMode mode)
{
    return mode == SparsifyMode::Reference ? "reference" : "solver";
}

PairingMode parsePairingMode(const std::string& text)
{
    if (text == "all")
        return PairingMode::AllModels;
    if (text == "pairwise")
        return PairingMode::Pairwise;
    if (text == "independent")
        return PairingMode::Independent;
    throw InputError("unknown pairing '" + text + "' (expected all, pairwise or independent)");
}

const char* pairingModeName(PairingMode mode)
{
    switch (mode) {
    case PairingMode::AllModels:
        return "all";
    case PairingMode::Pairwise:
        return "pairwise";
    case PairingMode::Independent:
        break;
    }
    return "independent";
}

} // namespace interlens
