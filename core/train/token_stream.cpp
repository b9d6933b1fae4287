#include "train/token_stream.h"

#include "common/error.h"
#include "model/causal_lm.h"
#include "tokenize/tokenizer.h"

namespace interlens::train {

std::vector<int64_t> encodeLines(const Tokenizer& tokenizer, const std::vector<std::string>& lines)
{
    const bool bosFirst = tokenizer.addsBos() && tokenizer.bosId().has_value();
    if (!bosFirst && !tokenizer.eosId().has_value())
        throw InputError("the tokenizer has neither BOS (added) nor EOS: cannot separate documents");
    std::vector<int64_t> out;
    for (const std::string& line : lines) {
        if (bosFirst)
            out.push_back(*tokenizer.bosId());
        const Encoding e = tokenizer.encode(line, false);
        out.insert(out.end(), e.ids.begin(), e.ids.end());
        if (!bosFirst)
            out.push_back(*tokenizer.eosId());
    }
    return out;
}

at::Tensor evaluationWindows(const std::vector<int64_t>& stream, int64_t context, int64_t maxWindows)
{
    const int64_t width = context + 1;
    int64_t n = int64_t(stream.size()) / width;
    if (maxWindows > 0)
        n = std::min(n, maxWindows);
    if (n == 0)
        throw InputError("held-out text too short: " + std::to_string(stream.size()) +
                         " tokens, need at least " + std::to_string(width));
    std::vector<int64_t> data(stream.begin(), stream.begin() + n * width);
    return at::tensor(data, at::kLong).view({n, width});
}

double meanCrossEntropy(const std::function<at::Tensor(const at::Tensor&)>& logits, const at::Tensor& windows,
                        int64_t batch)
{
    const int64_t t = windows.size(1) - 1;
    double total = 0.0;
    int64_t count = 0;
    for (int64_t start = 0; start < windows.size(0); start += batch) {
        const at::Tensor rows = windows.narrow(0, start, std::min(batch, windows.size(0) - start));
        const at::Tensor l = logits(rows.narrow(1, 0, t)).to(at::kFloat);
        const at::Tensor logp = at::log_softmax(l.reshape({-1, l.size(-1)}), -1);
        const at::Tensor nll =
            at::nll_loss(logp, rows.narrow(1, 1, t).reshape({-1}).to(logp.device()), {}, at::Reduction::Sum);
        total += nll.item<double>();
        count += rows.size(0) * t;
    }
    return total / double(count);
}

double heldOutLoss(const CausalLM& model, const at::Tensor& windows, int64_t batch)
{
    ForwardOptions options;
    options.output = LogitsOutput::All;
    return meanCrossEntropy([&](const at::Tensor& ids) { return model.forwardIds(ids, options).logits; },
                            windows, batch);
}

} // namespace interlens::train
