#include "interactions/reference_sgd.h"

#include "interactions/sparsify_problem.h"
#include "interactions/transforms.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace interlens {

using namespace sparsify_detail;

namespace {

// torch.optim.SGD(momentum=0.9, dampening=0, nesterov=False) for one parameter.
struct MomentumParam
{
    std::vector<double> value;
    std::vector<double> buffer;
    bool started = false;

    explicit MomentumParam(std::size_t size) : value(size, 0.0), buffer(size, 0.0) {}

    void step(const std::vector<double>& grad, double lr)
    {
        if (!started) {
            buffer = grad;
            started = true;
        } else {
            for (std::size_t s = 0; s < buffer.size(); ++s)
                buffer[s] = 0.9 * buffer[s] + grad[s];
        }
        for (std::size_t s = 0; s < value.size(); ++s)
            value[s] += -lr * buffer[s];
    }
};

// torch.max(torch.min(x, bound), -bound), exactly (also for a negative bound).
void labClamp(std::vector<double>& x, double bound)
{
    for (double& a : x)
        a = std::max(std::min(a, bound), -bound);
}

// numpy.logspace(log10(lr), log10(lr) - 1, niter)
std::vector<double> labLearningRates(double lr, int niter)
{
    std::vector<double> out(static_cast<std::size_t>(niter));
    const double start = std::log10(lr);
    const double stop = start - 1.0;
    const int div = niter - 1;
    const double step = div > 0 ? (stop - start) / div : 0.0;
    for (int t = 0; t < niter; ++t)
        out[static_cast<std::size_t>(t)] = std::pow(10.0, t * step + start);
    if (niter > 1)
        out.back() = std::pow(10.0, stop);
    return out;
}

class CurveRecorder
{
public:
    CurveRecorder(LossRecording mode, int niter) : m_mode(mode)
    {
        if (mode == LossRecording::Checkpoints)
            m_checkpoints = checkpointIterations(niter);
    }
    void record(int t, double loss, std::vector<LossPoint>& curve)
    {
        if (m_mode == LossRecording::Every ||
            (m_mode == LossRecording::Checkpoints &&
             std::binary_search(m_checkpoints.begin(), m_checkpoints.end(), t)))
            curve.push_back({t, loss});
    }

private:
    LossRecording m_mode;
    std::vector<int> m_checkpoints;
};

} // namespace

SingleResult sparsifyReference(std::span<const double> v, const SparsifyOptions& options)
{
    checkedGame(v, "sparsify: v");
    const int niter = std::max(1, options.iterations);
    const std::size_t size = v.size();
    const double qBound = qBoundOf(v, options.qThreshold, options.qBound);
    const std::vector<double> lrs = labLearningRates(options.learningRate, niter);

    MomentumParam p(size);
    MomentumParam q(size);
    std::vector<std::vector<double>> iAnd(1), iOr(1);
    std::vector<double> gradP(size), gradQ(size);
    SingleResult result;
    result.mode = SparsifyMode::Reference;
    CurveRecorder recorder(options.recording, niter);
    double loss = 0.0;
    for (int t = 0; t < niter; ++t) {
        if ((t & 255) == 0)
            throwIfCancelled(options.cancel);
        labClamp(q.value, qBound);
        splitAndTransform(v, q.value, p.value, {}, iAnd[0], iOr[0]);
        loss = jointLoss(iAnd, iOr, 1.0);
        recorder.record(t, loss, result.lossCurve);
        if (t + 1 >= niter)
            break;
        jointSubgradientInPlace(iAnd, iOr, 1.0);
        moebiusSup(iAnd[0]);       // ∂L/∂v_and = M^T s_and
        orFromGameAdjoint(iOr[0]); // ∂L/∂v_or = M_or^T s_or
        for (std::size_t s = 0; s < size; ++s) {
            gradP[s] = iAnd[0][s] - iOr[0][s];
            gradQ[s] = 0.5 * iAnd[0][s] + 0.5 * iOr[0][s];
        }
        p.step(gradP, lrs[static_cast<std::size_t>(t)]);
        q.step(gradQ, lrs[static_cast<std::size_t>(t)]);
    }
    finishModel(v, std::move(q.value), p.value, {}, qBound, result);
    result.loss = loss;
    result.lowerBound = std::numeric_limits<double>::quiet_NaN();
    result.gap = std::numeric_limits<double>::quiet_NaN();
    result.iterations = niter;
    return result;
}

JointResult sparsifyJointReference(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                                   std::span<const double> pBounds, const JointOptions& options)
{
    const std::size_t models = vs.size();
    const std::size_t size = vs[0].size();
    const int niter = std::max(1, options.iterations);
    const double lr = options.learningRate;
    const double alpha = options.alpha;

    MomentumParam shared(size);
    std::vector<MomentumParam> own(models, MomentumParam(size));
    std::vector<MomentumParam> noise(models, MomentumParam(size));
    std::vector<std::vector<double>> iAnd(models), iOr(models);
    std::vector<double> gradShared(size), grad(size);
    JointResult result;
    result.mode = SparsifyMode::Reference;
    CurveRecorder recorder(options.recording, niter);
    double loss = 0.0;
    for (int t = 0; t < niter; ++t) {
        if ((t & 255) == 0)
            throwIfCancelled(options.cancel);
        for (std::size_t i = 0; i < models; ++i)
            labClamp(noise[i].value, qBounds[i]);
        for (std::size_t i = 0; i < models; ++i)
            labClamp(own[i].value, pBounds[i]);
        for (std::size_t i = 0; i < models; ++i)
            splitAndTransform(vs[i], noise[i].value, shared.value, own[i].value, iAnd[i], iOr[i]);
        loss = jointLoss(iAnd, iOr, alpha);
        recorder.record(t, loss, result.lossCurve);
        if (t + 1 >= niter)
            break;
        jointSubgradientInPlace(iAnd, iOr, alpha);
        std::fill(gradShared.begin(), gradShared.end(), 0.0);
        for (std::size_t i = 0; i < models; ++i) {
            moebiusSup(iAnd[i]);
            orFromGameAdjoint(iOr[i]);
            for (std::size_t s = 0; s < size; ++s) {
                grad[s] = iAnd[i][s] - iOr[i][s];
                gradShared[s] += grad[s];
            }
            own[i].step(grad, lr);
            for (std::size_t s = 0; s < size; ++s)
                grad[s] = 0.5 * iAnd[i][s] + 0.5 * iOr[i][s];
            noise[i].step(grad, lr);
        }
        shared.step(gradShared, lr);
    }

    result.alpha = alpha;
    result.loss = loss;
    result.lowerBound = std::numeric_limits<double>::quiet_NaN();
    result.gap = std::numeric_limits<double>::quiet_NaN();
    result.iterations = niter;
    result.pBound.assign(pBounds.begin(), pBounds.end());
    result.gammaShared = shared.value;
    result.models.resize(models);
    for (std::size_t i = 0; i < models; ++i) {
        finishModel(vs[i], noise[i].value, shared.value, own[i].value, qBounds[i], result.models[i]);
        result.gammaOwn.push_back(own[i].value);
    }
    return result;
}

} // namespace interlens
