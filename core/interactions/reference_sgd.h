#pragma once

#include "interactions/sparsify_types.h"

#include <span>
#include <vector>

namespace interlens {

// The lab's optimisers reproduced step for step in float64 (GEN `_train_p_q`, `_train_p_q_joint_model`;
// semantics in the interactions fixture README). Per iteration t: clamp (q; in the joint model also γ̂_i),
// record the loss, then one momentum-0.9 SGD step (torch: buf = g on the first step, then buf = 0.9·buf + g;
// x -= lr_t·buf) unless t is the last iteration. Single model: lr_t = logspace(log10 lr, log10 lr - 1,
// niter)[t]; joint: constant lr. The gradients are the exact subgradients of the lab's autograd (sign(0) = 0,
// first-argmax on ties), computed with the fast transforms' adjoints instead of dense matrices.

SingleResult sparsifyReference(std::span<const double> v, const SparsifyOptions& options);

// pBounds are the signed per-model bounds pThreshold·averageOutput_i (clamped as max(min(p, b), -b), as the
// lab).
JointResult sparsifyJointReference(std::span<const std::vector<double>> vs, std::span<const double> qBounds,
                                   std::span<const double> pBounds, const JointOptions& options);

} // namespace interlens
