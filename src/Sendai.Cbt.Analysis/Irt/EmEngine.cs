using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>Mutable working state of one item during calibration.</summary>
internal sealed class ItemState
{
    public required string Id { get; init; }
    public required IrtModel Model { get; init; }
    public required ResponseKind Kind { get; init; }
    public required int K { get; init; }
    public required bool Guess { get; init; }
    public required bool Fixed { get; init; }
    public double A;
    public double[] D = [];
    public double C;
    /// <summary>Local parameter l (a, d₁..d_{K−1}, γ) → global free index, or −1 when fixed.</summary>
    public int[] Map = [];
    public int L => K + (Guess ? 1 : 0);

    public void GetLocal(Span<double> v)
    {
        v[0] = A;
        for (int k = 0; k < D.Length; k++) v[1 + k] = D[k];
        if (Guess) v[K] = Math.Log(C / (1 - C));
    }

    public void SetLocal(ReadOnlySpan<double> v)
    {
        A = v[0];
        for (int k = 0; k < D.Length; k++) D[k] = v[1 + k];
        if (Guess) C = Irf.Logistic(v[K]);
    }

    public bool Admissible()
    {
        if (!double.IsFinite(A) || Math.Abs(A) > 50) return false;
        foreach (var d in D) if (!double.IsFinite(d) || Math.Abs(d) > 100) return false;
        if (Kind == ResponseKind.Graded) for (int k = 1; k < D.Length; k++) if (!(D[k] < D[k - 1])) return false;
        if (Guess && !(C > 1e-8 && C < 0.999)) return false;
        return true;
    }

    /// <summary>log P_k at θ, computed without cancellation for the logistic cases.</summary>
    public void LogProbabilities(double theta, Span<double> lp, Span<double> scratch)
    {
        switch (Kind)
        {
            case ResponseKind.Dichotomous when C == 0:
                {
                    double eta = A * theta + D[0];
                    double sp = Math.Max(eta, 0) + Math.Log(1 + Math.Exp(-Math.Abs(eta))); // log(1 + e^η)
                    lp[1] = eta - sp;
                    lp[0] = -sp;
                    break;
                }
            case ResponseKind.PartialCredit:
                {
                    double z = 0, max = 0;
                    scratch[0] = 0;
                    for (int k = 1; k < K; k++) { z += A * theta + D[k - 1]; scratch[k] = z; if (z > max) max = z; }
                    double s = 0;
                    for (int k = 0; k < K; k++) s += Math.Exp(scratch[k] - max);
                    double lse = max + Math.Log(s);
                    for (int k = 0; k < K; k++) lp[k] = scratch[k] - lse;
                    break;
                }
            default:
                Irf.Probabilities(Kind, A, D, C, theta, scratch);
                for (int k = 0; k < K; k++) lp[k] = Math.Log(Math.Max(scratch[k], 1e-300));
                break;
        }
    }

    /// <summary>True when log P_k − log P_0 is linear in θ (s·θ + t): logistic without guessing and partial credit.</summary>
    public bool LinearDelta(int k, out double s, out double t)
    {
        if (Kind == ResponseKind.Dichotomous && C == 0) { s = A; t = D[0]; return true; }
        if (Kind == ResponseKind.PartialCredit)
        {
            s = k * A;
            t = 0;
            for (int v = 0; v < k; v++) t += D[v];
            return true;
        }
        s = t = 0;
        return false;
    }

    public ItemParameters ToParameters(double[]? cov, int totalFree)
    {
        var p = new ItemParameters(Id, Model, A, [.. D], Guess ? C : 0) { Fixed = Fixed };
        if (cov is null || Fixed) return p;
        double Var(int l1, int l2) => Map[l1] < 0 || Map[l2] < 0 ? 0 : cov[Map[l1] * totalFree + Map[l2]];
        double Se(int l) => Map[l] < 0 ? double.NaN : Math.Sqrt(Math.Max(0, Var(l, l)));
        var seD = Enumerable.Range(1, D.Length).Select(Se).ToImmutableArray();
        var seB = Enumerable.Range(1, D.Length).Select(l =>
        {
            // b = −d/a: ∂b/∂a = d/a², ∂b/∂d = −1/a
            double ga = D[l - 1] / (A * A), gd = -1 / A;
            double v = ga * ga * Var(0, 0) + gd * gd * Var(l, l) + 2 * ga * gd * Var(0, l);
            return v > 0 ? Math.Sqrt(v) : double.NaN;
        }).ToImmutableArray();
        double seC = Guess ? Se(K) * C * (1 - C) : double.NaN;
        return p with { SeA = Se(0), SeD = seD, SeB = seB, SeC = seC };
    }
}

/// <summary>One Bock–Aitkin EM run.</summary>
internal sealed class EmEngine
{
    private const int ChunkSize = 256;
    private readonly PatternSet _ps;
    private readonly ScoreMatrix _data;
    private readonly IrtCalibrationOptions _opt;
    private readonly ItemState[] _items;
    private readonly int _m, _q, _qp, _free;
    private readonly bool _shared, _latentFree;
    private double[] _x = [], _logW = [];
    private double _mu, _sigma = 1;
    // cells: (item, category ≥ 1) → id
    private readonly int[] _cellOffset;
    private readonly int _cellCount;
    private readonly int[] _cellItem;
    private readonly int[] _entOffset, _entCell, _missOffset, _missItem;
    // tables rebuilt every cycle
    private readonly double[] _delta, _logP0, _base;
    private readonly bool[] _lin;
    private readonly double[] _linS, _linT;
    // accumulators per chunk
    private readonly Acc[] _acc;
    private readonly double[] _r, _nMiss, _nTot;

    private sealed class Acc(int cells, int m, int qp)
    {
        public readonly double[] R = new double[cells * qp];
        public readonly double[] NMiss = new double[m * qp];
        public readonly double[] NTot = new double[qp];
        public double LogLik;
        public void Clear() { Array.Clear(R); Array.Clear(NMiss); Array.Clear(NTot); LogLik = 0; }
    }

    public EmEngine(PatternSet ps, ScoreMatrix data, IrtCalibrationOptions opt)
    {
        _ps = ps;
        _data = data;
        _opt = opt;
        _m = ps.Items;
        _q = opt.Quadrature.Points;
        int vc = Vector<double>.Count;
        _qp = (_q + vc - 1) / vc * vc;
        var anchors = (opt.Anchors.IsDefault ? [] : opt.Anchors).ToDictionary(a => a.Id, StringComparer.Ordinal);
        _latentFree = opt.EstimateLatentDistribution ?? anchors.Count > 0;
        _shared = opt.Model == IrtModel.OnePL;
        _items = new ItemState[_m];
        int free = _shared ? 1 : 0;
        for (int j = 0; j < _m; j++)
        {
            string id = data.Items[j].Id;
            int K = ps.Categories[j];
            if (anchors.TryGetValue(id, out var a))
            {
                _items[j] = new ItemState { Id = id, Model = a.Model, Kind = a.Kind, K = K, Guess = a.C > 0, Fixed = true, A = a.A, D = [.. a.D], C = a.C, Map = Enumerable.Repeat(-1, K + (a.C > 0 ? 1 : 0)).ToArray() };
                continue;
            }
            var model = opt.Model;
            var kind = model == IrtModel.Grm && K > 2 ? ResponseKind.Graded : K == 2 ? ResponseKind.Dichotomous : ResponseKind.PartialCredit;
            bool guess = model == IrtModel.ThreePL && kind == ResponseKind.Dichotomous;
            var st = new ItemState { Id = id, Model = model, Kind = kind, K = K, Guess = guess, Fixed = false, A = 1, D = new double[K - 1] };
            var map = new int[st.L];
            map[0] = model switch
            {
                IrtModel.Rasch or IrtModel.Pcm => -1,
                IrtModel.OnePL => 0,
                _ => free++,
            };
            for (int l = 1; l < st.L; l++) map[l] = free++;
            st.Map = map;
            Start(st, j, opt.GuessingPrior);
            _items[j] = st;
        }
        _free = free;

        _cellOffset = new int[_m + 1];
        for (int j = 0; j < _m; j++) _cellOffset[j + 1] = _cellOffset[j] + _items[j].K; // category 0 gets a slot too (unused)
        _cellCount = _cellOffset[_m];
        _cellItem = new int[_cellCount];
        for (int j = 0; j < _m; j++) for (int k = 0; k < _items[j].K; k++) _cellItem[_cellOffset[j] + k] = j;

        var entOffset = new int[ps.Count + 1];
        var missOffset = new int[ps.Count + 1];
        var ent = new List<int>();
        var miss = new List<int>();
        for (int p = 0; p < ps.Count; p++)
        {
            for (int j = 0; j < _m; j++)
            {
                byte c = ps.Cats[p * _m + j];
                if (c == PatternSet.Missing) miss.Add(j);
                else if (c > 0) ent.Add(_cellOffset[j] + c);
            }
            entOffset[p + 1] = ent.Count;
            missOffset[p + 1] = miss.Count;
        }
        _entOffset = entOffset; _entCell = [.. ent]; _missOffset = missOffset; _missItem = [.. miss];
        _delta = new double[_cellCount * _qp];
        _logP0 = new double[_m * _qp];
        _base = new double[_qp];
        _lin = new bool[_cellCount];
        _linS = new double[_cellCount];
        _linT = new double[_cellCount];
        int chunks = (ps.Count + ChunkSize - 1) / ChunkSize;
        _acc = new Acc[chunks];
        for (int c = 0; c < chunks; c++) _acc[c] = new Acc(_cellCount, _m, _qp);
        _r = new double[_cellCount * _qp];
        _nMiss = new double[_m * _qp];
        _nTot = new double[_qp];
        SetQuadrature();
    }

    private void Start(ItemState st, int j, BetaPrior prior)
    {
        var counts = new double[st.K];
        for (int p = 0; p < _ps.Count; p++)
        {
            byte c = _ps.Cats[p * _m + j];
            if (c != PatternSet.Missing) counts[c] += _ps.Weights[p];
        }
        double n = counts.Sum();
        static double Logit(double v) => Math.Log(v / (1 - v));
        if (st.Guess) st.C = (prior.Alpha - 1) / Math.Max(prior.Alpha + prior.Beta - 2, 1e-9);
        if (st.Guess && !(st.C > 0.01 && st.C < 0.5)) st.C = 0.2;
        switch (st.Kind)
        {
            case ResponseKind.Dichotomous:
                {
                    double pr = Math.Clamp((counts[1] + 0.5) / (n + 1), 1e-3, 1 - 1e-3);
                    if (st.Guess) pr = Math.Clamp((pr - st.C) / (1 - st.C), 0.02, 0.98);
                    st.D[0] = Logit(pr) * 1.3;
                    break;
                }
            case ResponseKind.Graded:
                {
                    double above = n;
                    for (int k = 1; k < st.K; k++)
                    {
                        above -= counts[k - 1];
                        st.D[k - 1] = Logit(Math.Clamp((above + 0.5) / (n + 1), 1e-3, 1 - 1e-3)) * 1.3;
                    }
                    for (int k = 1; k < st.D.Length; k++) if (st.D[k] >= st.D[k - 1]) st.D[k] = st.D[k - 1] - 0.1;
                    break;
                }
            default:
                for (int k = 1; k < st.K; k++) st.D[k - 1] = Math.Log((counts[k] + 0.5) / (counts[k - 1] + 0.5));
                break;
        }
    }

    private void SetQuadrature()
    {
        var (x, w) = _opt.Quadrature.Build(_mu, _sigma);
        _x = new double[_qp];
        _logW = new double[_qp];
        for (int q = 0; q < _qp; q++)
        {
            _x[q] = q < _q ? x[q] : 0;
            _logW[q] = q < _q ? Math.Log(Math.Max(w[q], 1e-300)) : double.NegativeInfinity;
        }
    }

    private void BuildTables()
    {
        Array.Copy(_logW, _base, _qp);
        Span<double> lp = stackalloc double[256];
        Span<double> scratch = stackalloc double[256];
        for (int j = 0; j < _m; j++)
        {
            var it = _items[j];
            int c0 = _cellOffset[j];
            for (int k = 1; k < it.K; k++) _lin[c0 + k] = it.LinearDelta(k, out _linS[c0 + k], out _linT[c0 + k]);
            for (int q = 0; q < _q; q++)
            {
                it.LogProbabilities(_x[q], lp, scratch);
                _logP0[j * _qp + q] = lp[0];
                _base[q] += lp[0];
                for (int k = 1; k < it.K; k++) _delta[(c0 + k) * _qp + q] = lp[k] - lp[0];
            }
        }
    }

    /// <summary>E-step: fills the reduced accumulators and returns the marginal log-likelihood.</summary>
    private double EStep()
    {
        BuildTables();
        int chunks = _acc.Length;
        var po = new ParallelOptions { MaxDegreeOfParallelism = _opt.MaxDegreeOfParallelism };
        if (_opt.MaxDegreeOfParallelism == 1) for (int c = 0; c < chunks; c++) Chunk(c);
        else Parallel.For(0, chunks, po, Chunk);
        Array.Clear(_r); Array.Clear(_nMiss); Array.Clear(_nTot);
        double ll = 0;
        for (int c = 0; c < chunks; c++)
        {
            var a = _acc[c];
            Add(_r, a.R); Add(_nMiss, a.NMiss); Add(_nTot, a.NTot);
            ll += a.LogLik;
        }
        return ll;
    }

    private static void Add(double[] target, double[] src)
    {
        var t = MemoryMarshal.Cast<double, Vector<double>>(target.AsSpan());
        var s = MemoryMarshal.Cast<double, Vector<double>>(src.AsSpan());
        for (int i = 0; i < t.Length; i++) t[i] += s[i];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Chunk(int c)
    {
        var acc = _acc[c];
        acc.Clear();
        int p0 = c * ChunkSize, p1 = Math.Min(_ps.Count, p0 + ChunkSize);
        var llArr = new double[_qp];
        var ll = MemoryMarshal.Cast<double, Vector<double>>(llArr.AsSpan());
        var baseV = MemoryMarshal.Cast<double, Vector<double>>(_base.AsSpan());
        var xV = MemoryMarshal.Cast<double, Vector<double>>(_x.AsSpan());
        var delta = _delta.AsSpan();
        var logP0 = _logP0.AsSpan();
        var R = acc.R.AsSpan();
        var NM = acc.NMiss.AsSpan();
        var NT = MemoryMarshal.Cast<double, Vector<double>>(acc.NTot.AsSpan());
        int nv = ll.Length;
        double logLik = 0;
        for (int p = p0; p < p1; p++)
        {
            baseV.CopyTo(ll);
            double S = 0, T = 0;
            int e0 = _entOffset[p], e1 = _entOffset[p + 1];
            for (int e = e0; e < e1; e++)
            {
                int cell = _entCell[e];
                if (_lin[cell]) { S += _linS[cell]; T += _linT[cell]; }
                else
                {
                    var dv = MemoryMarshal.Cast<double, Vector<double>>(delta.Slice(cell * _qp, _qp));
                    for (int i = 0; i < nv; i++) ll[i] += dv[i];
                }
            }
            int m0 = _missOffset[p], m1 = _missOffset[p + 1];
            for (int e = m0; e < m1; e++)
            {
                var lv = MemoryMarshal.Cast<double, Vector<double>>(logP0.Slice(_missItem[e] * _qp, _qp));
                for (int i = 0; i < nv; i++) ll[i] -= lv[i];
            }
            var sV = new Vector<double>(S);
            var tV = new Vector<double>(T);
            var maxV = new Vector<double>(double.NegativeInfinity);
            for (int i = 0; i < nv; i++) { ll[i] += sV * xV[i] + tV; maxV = Vector.Max(maxV, ll[i]); }
            double max = double.NegativeInfinity;
            for (int k = 0; k < Vector<double>.Count; k++) if (maxV[k] > max) max = maxV[k];
            var mV = new Vector<double>(max);
            var sumV = Vector<double>.Zero;
            for (int i = 0; i < nv; i++) { var ev = Vector.Exp(ll[i] - mV); ll[i] = ev; sumV += ev; }
            double sum = Vector.Sum(sumV);
            double w = _ps.Weights[p];
            logLik += w * (Math.Log(sum) + max);
            var scale = new Vector<double>(w / sum);
            for (int i = 0; i < nv; i++) { ll[i] *= scale; NT[i] += ll[i]; }
            for (int e = e0; e < e1; e++)
            {
                var rv = MemoryMarshal.Cast<double, Vector<double>>(R.Slice(_entCell[e] * _qp, _qp));
                for (int i = 0; i < nv; i++) rv[i] += ll[i];
            }
            for (int e = m0; e < m1; e++)
            {
                var mv = MemoryMarshal.Cast<double, Vector<double>>(NM.Slice(_missItem[e] * _qp, _qp));
                for (int i = 0; i < nv; i++) mv[i] += ll[i];
            }
        }
        acc.LogLik = logLik;
    }

    /// <summary>Expected counts of item j: n[q] and r[k][q] (k = 0..K−1).</summary>
    private void Counts(int j, double[] n, double[] r)
    {
        int K = _items[j].K, c0 = _cellOffset[j];
        for (int q = 0; q < _q; q++)
        {
            double nq = Math.Max(0, _nTot[q] - _nMiss[j * _qp + q]);
            n[q] = nq;
            double rest = nq;
            for (int k = 1; k < K; k++) { double v = _r[(c0 + k) * _qp + q]; r[k * _q + q] = v; rest -= v; }
            r[q] = Math.Max(0, rest);
        }
    }

    private double LogPrior(ItemState it)
    {
        if (!it.Guess) return 0;
        var pr = _opt.GuessingPrior;
        return (pr.Alpha - 1) * Math.Log(it.C) + (pr.Beta - 1) * Math.Log(1 - it.C);
    }

    /// <summary>Expected complete-data log-likelihood of a set of items plus log priors.</summary>
    private double QValue(IEnumerable<int> block, Dictionary<int, (double[] n, double[] r)> counts)
    {
        double v = 0;
        Span<double> lp = stackalloc double[256];
        Span<double> scratch = stackalloc double[256];
        foreach (int j in block)
        {
            var it = _items[j];
            var (_, r) = counts[j];
            for (int q = 0; q < _q; q++)
            {
                it.LogProbabilities(_x[q], lp, scratch);
                for (int k = 0; k < it.K; k++) { double rk = r[k * _q + q]; if (rk > 0) v += rk * lp[k]; }
            }
            v += LogPrior(it);
        }
        return v;
    }

    /// <summary>Gradient (and Fisher information when <paramref name="info"/> is not null) of Q over the free parameters of a block.</summary>
    private void GradInfo(IEnumerable<int> block, Dictionary<int, (double[] n, double[] r)> counts, Func<int, int> index, double[] grad, double[]? info, int dim)
    {
        Array.Clear(grad);
        if (info is not null) Array.Clear(info);
        Span<double> p = stackalloc double[256];
        var gArr = new double[256 * 8];
        Span<double> g = gArr;
        foreach (int j in block)
        {
            var it = _items[j];
            int L = it.L, K = it.K;
            var (n, r) = counts[j];
            for (int q = 0; q < _q; q++)
            {
                Irf.LogProbGradients(it.Kind, it.A, it.D, it.C, it.Guess, _x[q], p, g);
                for (int l = 0; l < L; l++)
                {
                    int gl = it.Map[l] < 0 ? -1 : index(it.Map[l]);
                    if (gl < 0) continue;
                    double s = 0;
                    for (int k = 0; k < K; k++) s += r[k * _q + q] * g[k * L + l];
                    grad[gl] += s;
                    if (info is null) continue;
                    for (int l2 = 0; l2 < L; l2++)
                    {
                        int gl2 = it.Map[l2] < 0 ? -1 : index(it.Map[l2]);
                        if (gl2 < 0) continue;
                        double f = 0;
                        for (int k = 0; k < K; k++) f += p[k] * g[k * L + l] * g[k * L + l2];
                        info[gl * dim + gl2] += n[q] * f;
                    }
                }
            }
            if (it.Guess && it.Map[K] >= 0)
            {
                int gl = index(it.Map[K]);
                var pr = _opt.GuessingPrior;
                grad[gl] += (pr.Alpha - 1) * (1 - it.C) - (pr.Beta - 1) * it.C;
                if (info is not null) info[gl * dim + gl] += (pr.Alpha + pr.Beta - 2) * it.C * (1 - it.C);
            }
        }
    }

    /// <summary>M-step: Fisher scoring on each block; returns the largest parameter change.</summary>
    private double MStep()
    {
        var counts = new Dictionary<int, (double[], double[])>();
        for (int j = 0; j < _m; j++)
        {
            if (_items[j].Fixed) continue;
            var n = new double[_q];
            var r = new double[_items[j].K * _q];
            Counts(j, n, r);
            counts[j] = (n, r);
        }
        double maxChange = 0;
        if (_shared)
        {
            var all = Enumerable.Range(0, _m).Where(j => !_items[j].Fixed).ToArray();
            maxChange = Math.Max(maxChange, Scoring(all, counts, _free, g => g));
        }
        else
        {
            for (int j = 0; j < _m; j++)
            {
                var it = _items[j];
                if (it.Fixed) continue;
                var free = it.Map.Where(v => v >= 0).ToArray();
                if (free.Length == 0) continue;
                int first = free.Min();
                maxChange = Math.Max(maxChange, Scoring([j], counts, free.Length, g => g - first));
            }
        }
        return maxChange;
    }

    private readonly Dictionary<int, double[]> _snap = [];

    private double Scoring(int[] block, Dictionary<int, (double[], double[])> counts, int dim, Func<int, int> index)
    {
        var grad = new double[dim];
        var info = new double[dim * dim];
        var before = Snapshot(block);
        double q0 = QValue(block, counts);
        for (int iter = 0; iter < 20; iter++)
        {
            GradInfo(block, counts, index, grad, info, dim);
            var step = Linear.Solve(info, grad, dim);
            if (step is null) break;
            double big = step.Max(Math.Abs);
            if (big > 1) for (int i = 0; i < dim; i++) step[i] /= big;
            var cur = Snapshot(block);
            double factor = 1;
            bool accepted = false;
            for (int half = 0; half < 20; half++)
            {
                Apply(block, cur, step, factor, index);
                if (block.All(j => _items[j].Admissible()))
                {
                    double q1 = QValue(block, counts);
                    if (q1 >= q0 - 1e-12 * Math.Abs(q0)) { q0 = q1; accepted = true; break; }
                }
                factor /= 2;
            }
            if (!accepted) { Restore(block, cur); break; }
            if (step.Max(Math.Abs) * factor < 1e-7) break;
        }
        return Change(block, before);
    }

    private Dictionary<int, double[]> Snapshot(int[] block)
    {
        var s = new Dictionary<int, double[]>();
        foreach (int j in block) { var v = new double[_items[j].L]; _items[j].GetLocal(v); s[j] = v; }
        return s;
    }

    private void Restore(int[] block, Dictionary<int, double[]> s) { foreach (int j in block) _items[j].SetLocal(s[j]); }

    private void Apply(int[] block, Dictionary<int, double[]> from, double[] step, double factor, Func<int, int> index)
    {
        foreach (int j in block)
        {
            var it = _items[j];
            var v = (double[])from[j].Clone();
            for (int l = 0; l < it.L; l++) if (it.Map[l] >= 0) v[l] += factor * step[index(it.Map[l])];
            it.SetLocal(v);
        }
    }

    private double Change(int[] block, Dictionary<int, double[]> before)
    {
        double max = 0;
        foreach (int j in block)
        {
            var it = _items[j];
            var b = before[j];
            max = Math.Max(max, Math.Abs(it.A - b[0]));
            for (int k = 0; k < it.D.Length; k++) max = Math.Max(max, Math.Abs(it.D[k] - b[1 + k]));
            if (it.Guess) max = Math.Max(max, Math.Abs(it.C - Irf.Logistic(b[it.K])));
        }
        return max;
    }

    public CalibrationResult Run()
    {
        int iter = 0;
        bool converged = false;
        while (iter < _opt.MaxIterations)
        {
            iter++;
            EStep();
            double change = 0;
            if (_latentFree) change = UpdateLatent();
            change = Math.Max(change, MStep());
            if (change < _opt.Tolerance) { converged = true; break; }
        }
        double ll = EStep();
        double[]? cov = null;
        if (_opt.StandardErrors && _free > 0) cov = Covariance();
        int k = _free + (_latentFree ? 2 : 0);
        var items = _items.Select(it => it.ToParameters(cov, _free) with { ContentArea = ContentArea(it.Id) }).ToImmutableArray();
        return new CalibrationResult(_opt.Model, items, ll, k, _ps.TotalWeight, iter, converged, _mu, _sigma, _opt.Quadrature);
    }

    private string? ContentArea(string id)
    {
        var col = _data.Items.FirstOrDefault(c => c.Id == id);
        return col?.Viewpoint?.ToString() ?? col?.Domain;
    }

    private double UpdateLatent()
    {
        double s = 0, sx = 0, sxx = 0;
        for (int q = 0; q < _q; q++) { s += _nTot[q]; sx += _nTot[q] * _x[q]; }
        double mu = sx / s;
        for (int q = 0; q < _q; q++) { double d = _x[q] - mu; sxx += _nTot[q] * d * d; }
        double sd = Math.Sqrt(sxx / s);
        double change = Math.Max(Math.Abs(mu - _mu), Math.Abs(sd - _sigma));
        _mu = mu;
        _sigma = sd;
        SetQuadrature();
        return change;
    }

    /// <summary>Gradient of the marginal log-likelihood (plus log prior) over all free parameters, by Fisher's identity.</summary>
    private double[] MarginalGradient()
    {
        EStep();
        var counts = new Dictionary<int, (double[], double[])>();
        for (int j = 0; j < _m; j++)
        {
            if (_items[j].Fixed) continue;
            var n = new double[_q];
            var r = new double[_items[j].K * _q];
            Counts(j, n, r);
            counts[j] = (n, r);
        }
        var grad = new double[_free];
        GradInfo(counts.Keys, counts, g => g, grad, null, _free);
        return grad;
    }

    /// <summary>Inverse of the observed information (central differences of the analytic marginal score).</summary>
    private double[]? Covariance()
    {
        int P = _free;
        var theta = new double[P];
        ReadGlobal(theta);
        var h = new double[P * P];
        for (int i = 0; i < P; i++)
        {
            double step = 1e-4 * Math.Max(1, Math.Abs(theta[i]));
            var tp = (double[])theta.Clone(); tp[i] += step;
            WriteGlobal(tp);
            var gp = MarginalGradient();
            var tm = (double[])theta.Clone(); tm[i] -= step;
            WriteGlobal(tm);
            var gm = MarginalGradient();
            for (int k = 0; k < P; k++) h[k * P + i] = -(gp[k] - gm[k]) / (2 * step);
        }
        WriteGlobal(theta);
        EStep();
        for (int i = 0; i < P; i++) for (int k = i + 1; k < P; k++) { double v = (h[i * P + k] + h[k * P + i]) / 2; h[i * P + k] = v; h[k * P + i] = v; }
        return Linear.Inverse(h, P);
    }

    private void ReadGlobal(double[] theta)
    {
        foreach (var it in _items)
        {
            var v = new double[it.L];
            it.GetLocal(v);
            for (int l = 0; l < it.L; l++) if (it.Map[l] >= 0) theta[it.Map[l]] = v[l];
        }
    }

    private void WriteGlobal(double[] theta)
    {
        foreach (var it in _items)
        {
            if (it.Fixed) continue;
            var v = new double[it.L];
            it.GetLocal(v);
            for (int l = 0; l < it.L; l++) if (it.Map[l] >= 0) v[l] = theta[it.Map[l]];
            it.SetLocal(v);
        }
    }
}

/// <summary>Small dense linear algebra (row-major).</summary>
internal static class Linear
{
    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting; null when singular.</summary>
    public static double[]? Solve(double[] a, double[] b, int n)
    {
        var m = (double[])a.Clone();
        var x = (double[])b.Clone();
        for (int c = 0; c < n; c++)
        {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(m[r * n + c]) > Math.Abs(m[piv * n + c])) piv = r;
            if (Math.Abs(m[piv * n + c]) < 1e-300) return null;
            if (piv != c)
            {
                for (int k = 0; k < n; k++) (m[c * n + k], m[piv * n + k]) = (m[piv * n + k], m[c * n + k]);
                (x[c], x[piv]) = (x[piv], x[c]);
            }
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r * n + c] / m[c * n + c];
                if (f == 0) continue;
                for (int k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
                x[r] -= f * x[c];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
            x[r] = s / m[r * n + r];
        }
        return x.All(double.IsFinite) ? x : null;
    }

    /// <summary>Inverse by solving against unit vectors; null when singular.</summary>
    public static double[]? Inverse(double[] a, int n)
    {
        var inv = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            var e = new double[n];
            e[c] = 1;
            var x = Solve(a, e, n);
            if (x is null) return null;
            for (int r = 0; r < n; r++) inv[r * n + c] = x[r];
        }
        return inv;
    }
}
