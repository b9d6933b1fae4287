#pragma once

#include <ATen/ATen.h>

#include <QTest>

#include <cstdio>
#include <string>

// Small helpers shared by the model tests: numeric comparison with the max |diff| printed, as every numeric
// check in this area reports the difference it saw.
namespace interlens::test {

// max |a - b| in float64 (both moved to the CPU); +inf when the shapes differ, so a shape error never passes.
inline double maxAbsDiff(const at::Tensor& a, const at::Tensor& b)
{
    if (a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
    const at::Tensor da = a.detach().to(at::kCPU, at::kDouble);
    const at::Tensor db = b.detach().to(at::kCPU, at::kDouble);
    return (da - db).abs().max().item<double>();
}

inline std::string shapeOf(const at::Tensor& t)
{
    return c10::str(t.sizes());
}

} // namespace interlens::test

// Compares two tensors within `tol`, printing "what: max|diff| = ..." (and both shapes on a mismatch).
#define INTERLENS_COMPARE_TENSORS(what, actual, expected, tol)                                               \
    do {                                                                                                     \
        const at::Tensor interlensActual_ = (actual);                                                        \
        const at::Tensor interlensExpected_ = (expected);                                                    \
        const double interlensDiff_ = interlens::test::maxAbsDiff(interlensActual_, interlensExpected_);     \
        qInfo("%s: max|diff| = %.3g (shape %s vs %s, tol %.2g)", std::string(what).c_str(), interlensDiff_,  \
              interlens::test::shapeOf(interlensActual_).c_str(),                                            \
              interlens::test::shapeOf(interlensExpected_).c_str(), double(tol));                            \
        QVERIFY2(interlensDiff_ <= (tol), qPrintable(QStringLiteral("%1: max|diff| %2 > %3")                 \
                                                         .arg(QString::fromStdString(std::string(what)))     \
                                                         .arg(interlensDiff_)                                \
                                                         .arg(double(tol))));                                \
    } while (0)
