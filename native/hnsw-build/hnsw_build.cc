/**
 * Builds one hnswlib HNSW graph with several threads, for the ETL (etl/ann-builder.ts).
 *
 * hnswlib's addPoint may be called from several threads at once for distinct labels (per-node
 * link locks): each thread takes the batch's next point until none is left, so one graph gets
 * every core. Batches run off the JS thread (napi async work) and resolve a Promise.
 *
 * The file it writes is hnswlib's own format, read by hnswlib-node's readIndex with space
 * "cosine": hnswlib-node keeps cosine points normalised in an inner-product space (normalizePoint
 * in its src/addon.cc). The same normalisation, the same seed and labels here, so a one-thread
 * build writes the very bytes hnswlib-node's addPoint loop writes (tests/unit/ann-builder.test.ts).
 *
 * Compiled at install against hnswlib-node's headers (scripts/build-hnsw-builder.mjs).
 */
#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <napi.h>

#include "hnswlib/hnswlib.h"

namespace {

using Graph = hnswlib::HierarchicalNSW<float>;

// hnswlib-node's normalizePoint, term for term: a float inner product, then a division per element.
void normalize(float* v, size_t dim) {
  const float norm = std::sqrt(std::fabs(std::inner_product(v, v + dim, v, 0.0f)));
  if (norm > 0.0f) {
    for (size_t i = 0; i < dim; i++) v[i] /= norm;
  }
}

/**
 * Inserts n points (dim floats each) with up to `threads` threads; returns the first error, or "".
 * Threads draw hnswlib's random levels from one generator without a lock (hnswlib's own parallel
 * insertion does the same): a race can repeat a draw, which leaves the level distribution intact.
 */
std::string insertAll(Graph& graph, const float* points, const uint32_t* labels, size_t n, size_t dim, unsigned threads) {
  size_t first = 0;
  try {
    // An empty graph's entry point goes in alone: later inserts start their descent from it.
    if (n > 0 && graph.getCurrentElementCount() == 0) {
      graph.addPoint(points, labels[0]);
      first = 1;
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  std::atomic<size_t> next(first);
  std::atomic<bool> failed(false);
  std::mutex errorLock;
  std::string error;
  auto work = [&]() {
    while (!failed.load(std::memory_order_relaxed)) {
      const size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        graph.addPoint(points + i * dim, labels[i]);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(errorLock);
        if (!failed.exchange(true)) error = e.what();
      }
    }
  };
  std::vector<std::thread> helpers;
  const size_t wanted = std::min<size_t>(threads, n - first);
  for (size_t t = 1; t < wanted; t++) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones started do the work
    }
  }
  work();
  for (auto& t : helpers) t.join();
  return error;
}

class Builder;

/** One promise-returning job on the builder, off the JS thread; the builder is free again when it settles. */
class BuilderWorker : public Napi::AsyncWorker {
 public:
  BuilderWorker(Napi::Env env, Builder* builder, Napi::Object self)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), builder_(builder), self_(Napi::Persistent(self)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void OnOK() override;
  void OnError(const Napi::Error& e) override;

 protected:
  Builder* builder_;

 private:
  Napi::Promise::Deferred deferred_;
  // Keeps the builder (and its graph) alive while threads work on it.
  Napi::ObjectReference self_;
};

class BatchWorker : public BuilderWorker {
 public:
  BatchWorker(Napi::Env env, Builder* builder, Napi::Object self, std::vector<float>&& points, std::vector<uint32_t>&& labels, unsigned threads)
      : BuilderWorker(env, builder, self), points_(std::move(points)), labels_(std::move(labels)), threads_(threads) {}

  void Execute() override;

 private:
  std::vector<float> points_;
  std::vector<uint32_t> labels_;
  unsigned threads_;
};

class WriteWorker : public BuilderWorker {
 public:
  WriteWorker(Napi::Env env, Builder* builder, Napi::Object self, std::string file) : BuilderWorker(env, builder, self), file_(std::move(file)) {}

  void Execute() override;

 private:
  std::string file_;
};

/** new Builder(dim, maxElements, M, efConstruction, randomSeed): a cosine graph, grown as needed. */
class Builder : public Napi::ObjectWrap<Builder> {
 public:
  static Napi::Object Init(Napi::Env env, Napi::Object exports) {
    Napi::Function cls = DefineClass(env, "Builder", {
      InstanceMethod("addBatch", &Builder::AddBatch),
      InstanceMethod("writeIndex", &Builder::WriteIndex),
      InstanceMethod("getCurrentCount", &Builder::GetCurrentCount),
    });
    exports.Set("Builder", cls);
    return exports;
  }

  explicit Builder(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Builder>(info) {
    Napi::Env env = info.Env();
    for (size_t i = 0; i < 5; i++) {
      if (!info[i].IsNumber()) {
        Napi::TypeError::New(env, "expected (dim, maxElements, M, efConstruction, randomSeed), all numbers").ThrowAsJavaScriptException();
        return;
      }
    }
    dim_ = info[0].As<Napi::Number>().Uint32Value();
    const size_t maxElements = info[1].As<Napi::Number>().Uint32Value();
    const size_t m = info[2].As<Napi::Number>().Uint32Value();
    const size_t efConstruction = info[3].As<Napi::Number>().Uint32Value();
    const size_t seed = info[4].As<Napi::Number>().Uint32Value();
    if (dim_ == 0 || maxElements == 0 || m < 2) {
      Napi::RangeError::New(env, "dim and maxElements must be positive and M at least 2").ThrowAsJavaScriptException();
      return;
    }
    try {
      space_ = std::make_unique<hnswlib::InnerProductSpace>(dim_);
      graph_ = std::make_unique<Graph>(space_.get(), maxElements, m, efConstruction, seed);
    } catch (const std::exception& e) {
      Napi::Error::New(env, std::string("hnswlib: ") + e.what()).ThrowAsJavaScriptException();
    }
  }

  size_t dim_ = 0;
  std::unique_ptr<hnswlib::InnerProductSpace> space_;
  std::unique_ptr<Graph> graph_;
  // One batch or write at a time: growing the graph and saving it need it to themselves.
  bool busy_ = false;

 private:
  bool ready(Napi::Env env) {
    if (!graph_) {
      Napi::Error::New(env, "the builder was not constructed").ThrowAsJavaScriptException();
      return false;
    }
    if (busy_) {
      Napi::Error::New(env, "a batch or write is still running: await it first").ThrowAsJavaScriptException();
      return false;
    }
    return true;
  }

  /** addBatch(points: Float32Array of n*dim, labels: Uint32Array of n, threads): Promise<void>. */
  Napi::Value AddBatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!ready(env)) return env.Undefined();
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array || !info[1].IsTypedArray() ||
        info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array || !info[2].IsNumber()) {
      Napi::TypeError::New(env, "expected (Float32Array points, Uint32Array labels, threads)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Float32Array points = info[0].As<Napi::Float32Array>();
    Napi::Uint32Array labels = info[1].As<Napi::Uint32Array>();
    const unsigned threads = std::max(1u, std::min(256u, info[2].As<Napi::Number>().Uint32Value()));
    if (points.ElementLength() != labels.ElementLength() * dim_) {
      Napi::RangeError::New(env, "points must hold labels.length * dim floats").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    // Copied: the caller may refill its arrays while the threads insert.
    std::vector<float> p(points.Data(), points.Data() + points.ElementLength());
    std::vector<uint32_t> l(labels.Data(), labels.Data() + labels.ElementLength());
    auto* worker = new BatchWorker(env, this, info.This().As<Napi::Object>(), std::move(p), std::move(l), threads);
    busy_ = true;
    worker->Queue();
    return worker->Promise();
  }

  /** writeIndex(file): Promise<void>, hnswlib's saveIndex off the JS thread. */
  Napi::Value WriteIndex(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!ready(env)) return env.Undefined();
    if (!info[0].IsString()) {
      Napi::TypeError::New(env, "expected a file name").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    auto* worker = new WriteWorker(env, this, info.This().As<Napi::Object>(), info[0].As<Napi::String>().Utf8Value());
    busy_ = true;
    worker->Queue();
    return worker->Promise();
  }

  Napi::Value GetCurrentCount(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), graph_ ? static_cast<double>(graph_->getCurrentElementCount()) : 0);
  }
};

void BatchWorker::Execute() {
  Graph& graph = *builder_->graph_;
  const size_t dim = builder_->dim_;
  const size_t n = labels_.size();
  for (size_t i = 0; i < n; i++) normalize(points_.data() + i * dim, dim);
  try {
    const size_t count = graph.getCurrentElementCount();
    const size_t max = graph.getMaxElements();
    // Grown like lib/reco/ann.ts upsertPoint (x1.25 + 16), or to fit the batch.
    if (count + n > max) graph.resizeIndex(std::max(count + n, max + max / 4 + 16));
  } catch (const std::exception& e) {
    SetError(std::string("hnswlib: ") + e.what());
    return;
  }
  const std::string error = insertAll(graph, points_.data(), labels_.data(), n, dim, threads_);
  if (!error.empty()) SetError("hnswlib: " + error);
}

void BuilderWorker::OnOK() {
  builder_->busy_ = false;
  deferred_.Resolve(Env().Undefined());
}

void BuilderWorker::OnError(const Napi::Error& e) {
  builder_->busy_ = false;
  deferred_.Reject(e.Value());
}

void WriteWorker::Execute() {
  Graph& graph = *builder_->graph_;
  // saveIndex reports no failure (an ofstream that could not open or filled the disk): check the size.
  try {
    graph.saveIndex(file_);
  } catch (const std::exception& e) {
    SetError(std::string("hnswlib: ") + e.what());
    return;
  }
  std::ifstream written(file_, std::ios::binary | std::ios::ate);
  if (!written.is_open() || static_cast<size_t>(written.tellg()) != graph.indexFileSize()) SetError("could not write the index to " + file_);
}

}  // namespace

Napi::Object InitAll(Napi::Env env, Napi::Object exports) { return Builder::Init(env, exports); }

NODE_API_MODULE(hnsw_build, InitAll)
