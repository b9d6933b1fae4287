#include "model/next_token.h"

#include "common/error.h"
#include "model/baseline.h"
#include "model/causal_lm.h"

#include <algorithm>

namespace interlens {

std::vector<TokenScore> topNextTokens(const CausalLM& model, const std::vector<int64_t>& ids, int k)
{
    const at::Tensor input = at::tensor(ids, at::kLong).unsqueeze(0);
    const at::Tensor logits = model.forwardIds(input).logits.reshape({-1}).to(at::kCPU, at::kFloat);
    const at::Tensor logProbs = at::log_softmax(logits, 0);
    const at::Tensor probs = logits.softmax(0);
    const auto best = logProbs.topk(std::min<int64_t>(k, logProbs.size(0)));
    const at::Tensor values = std::get<0>(best).contiguous();
    const at::Tensor indices = std::get<1>(best).contiguous();
    std::vector<TokenScore> out;
    for (int64_t i = 0; i < values.size(0); ++i) {
        TokenScore score;
        score.id = indices[i].item<int64_t>();
        score.logProb = values[i].item<float>();
        score.prob = probs[score.id].item<float>();
        out.push_back(score);
    }
    return out;
}

TargetScore scoreNextToken(const CausalLM& model, const std::vector<int64_t>& ids, int64_t target)
{
    if (target >= model.vocabSize())
        throw InputError("target token " + std::to_string(target) + " is outside the model's vocabulary");
    // On the model's device, as runs have always computed p(target).
    const at::Tensor input = at::tensor(ids, at::kLong).unsqueeze(0);
    const at::Tensor logProbs = at::log_softmax(model.forwardIds(input).logits.to(at::kFloat), -1)[0];
    TargetScore score;
    score.top = logProbs.argmax().item<int64_t>();
    if (target < 0)
        target = score.top;
    const at::Tensor targetLogProb = logProbs[target];
    score.logProb = targetLogProb.item<double>();
    score.rank = logProbs.gt(targetLogProb).sum().item<int64_t>();
    return score;
}

std::vector<float> lastLogits(const CausalLM& model, const std::vector<int64_t>& ids,
                              const std::vector<int64_t>& keep, const std::string& baseline)
{
    const at::Tensor idRow = at::tensor(ids, at::kLong);
    const at::Tensor vector = baselineEmbedding(model, baseline);
    const at::Tensor embeds = keep.empty()
                                  ? model.embedTokens(idRow.unsqueeze(0))
                                  : model.maskedEmbeddings(idRow, at::tensor(keep, at::kLong), vector);
    const at::Tensor logits = model.forwardEmbeds(embeds).logits[0].to(at::kCPU).contiguous();
    const float* data = logits.data_ptr<float>();
    return std::vector<float>(data, data + logits.numel());
}

} // namespace interlens
