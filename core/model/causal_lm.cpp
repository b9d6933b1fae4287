#include "model/causal_lm.h"

#include "common/error.h"

namespace interlens {

ForwardResult CausalLM::forwardIds(const at::Tensor& ids, const ForwardOptions& options) const
{
    if (ids.dim() != 2)
        throw InputError("forward: token ids must be [batch, length], got " + std::to_string(ids.dim()) +
                         " dims");
    return forwardEmbeds(embedTokens(ids), options);
}

at::Tensor CausalLM::maskedEmbeddings(const at::Tensor& ids, const at::Tensor& keep,
                                      const at::Tensor& baseline) const
{
    const at::Tensor flatIds = ids.dim() == 2 && ids.size(0) == 1 ? ids[0] : ids;
    if (flatIds.dim() != 1)
        throw InputError("masked embeddings: ids must be one sequence");
    const at::Tensor keepRows = keep.dim() == 1 ? keep.unsqueeze(0) : keep;
    if (keepRows.dim() != 2 || keepRows.size(1) != flatIds.size(0))
        throw InputError("masked embeddings: keep mask must have one entry per token (" +
                         std::to_string(flatIds.size(0)) + "), got shape " + c10::str(keep.sizes()));
    if (baseline.dim() != 1 || baseline.size(0) != hiddenSize())
        throw InputError("masked embeddings: baseline must be a vector of the embedding width " +
                         std::to_string(hiddenSize()) + ", got shape " + c10::str(baseline.sizes()));
    const at::Tensor embedded = embedTokens(flatIds);                               // [L, H]
    const at::Tensor b = baseline.to(embedded.device(), embedded.scalar_type());    // [H]
    const at::Tensor keepMask = keepRows.to(embedded.device()).ne(0).unsqueeze(-1); // [N, L, 1]
    // A select, not m*E + (1-m)*b: every entry is exactly E[j] or b, as in the reference.
    return at::where(keepMask, embedded.unsqueeze(0), b);
}

} // namespace interlens
