// mask4j web demo: the JVM adds examples, trains and saves. The room's tracks are classified either in the JVM
// (the page sends frames) or, in edge mode, here: the page runs the JVM's classifier exported to ONNX in
// onnxruntime-web (bundled in the jar) and sends only labels, 1 frame in N with its label for the JVM to check.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const canvas = $('canvas');
  let stream = null;
  let predicting = false;
  let room = null;

  function status(text) { $('status').textContent = text; }

  // Every state-changing call carries JSON (the server refuses other types, so other sites cannot post here);
  // the session cookie set by the login address (?key=...) authenticates it.
  async function api(method, path, body) {
    const opts = { method: method, credentials: 'same-origin' };
    if (method !== 'GET') { opts.body = JSON.stringify(body || {}); opts.headers = { 'Content-Type': 'application/json' }; }
    const res = await fetch(path, opts);
    const json = await res.json();
    if (!res.ok) { throw new Error(json.error || res.statusText); }
    return json;
  }

  // A JPEG blob as the {"image": base64} body the upload calls take.
  function imageBody(blob) {
    return new Promise((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve({ image: String(r.result).slice(String(r.result).indexOf(',') + 1) });
      r.onerror = () => reject(new Error('could not read the frame'));
      r.readAsDataURL(blob);
    });
  }

  function frame() {
    return new Promise((resolve, reject) => {
      if (!stream || video.readyState < 2) { reject(new Error('the camera is not ready yet')); return; }
      canvas.width = video.videoWidth || 320;
      canvas.height = video.videoHeight || 240;
      canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => b ? resolve(b) : reject(new Error('could not encode the frame')), 'image/jpeg', 0.9);
    });
  }

  function showCounts(counts) {
    for (const label of ['with_mask', 'without_mask']) {
      $('count-' + label).textContent = counts[label] || 0;
    }
  }

  function showEpochs(training) {
    const lines = training.epochs.map((e) => 'epoch ' + e.epoch + '/' + e.epochs + '  loss ' + e.loss.toFixed(4)
      + (e.accuracy != null ? '  accuracy ' + e.accuracy.toFixed(3) : '')
      + (e.validationLoss != null ? '  val_loss ' + e.validationLoss.toFixed(4) : ''));
    if (!training.running && training.stopReason) { lines.push('done: ' + training.stopReason); }
    if (training.error) { lines.push('error: ' + training.error); }
    const log = $('loss-log');
    log.textContent = lines.join('\n');
    log.scrollTop = log.scrollHeight;
  }

  async function add(label) {
    try {
      const blob = await frame();
      const r = await api('POST', '/api/examples?label=' + encodeURIComponent(label), await imageBody(blob));
      showCounts(r.counts);
      status('added a "' + label + '" example');
    } catch (e) { status('could not add: ' + e.message); }
  }

  async function train() {
    $('train').disabled = true;
    try {
      await api('POST', '/api/train?epochs=' + encodeURIComponent($('epochs').value));
      status('training…');
      for (;;) {
        const t = await api('GET', '/api/train');
        showEpochs(t);
        if (!t.running) {
          status(t.error ? 'training failed: ' + t.error : 'trained (' + t.stopReason + ')');
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } catch (e) { status('could not train: ' + e.message); }
    $('train').disabled = false;
  }

  async function save() {
    try { const r = await api('POST', '/api/save'); status('saved to ' + r.saved); }
    catch (e) { status('could not save: ' + e.message); }
  }

  async function predictLoop() {
    while (predicting) {
      try {
        const r = await api('POST', '/api/predict', await imageBody(await frame()));
        const label = $('label');
        label.textContent = r.label;
        label.className = r.label;
        $('confidence').textContent = (r.confidence * 100).toFixed(1) + '%';
      } catch (e) {
        status('predict: ' + e.message);
        predicting = false;
        $('predict').classList.remove('active');
        $('predict').textContent = 'predict';
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  function togglePredict() {
    predicting = !predicting;
    $('predict').classList.toggle('active', predicting);
    $('predict').textContent = predicting ? 'stop predicting' : 'predict';
    if (predicting) { status('predicting…'); predictLoop(); }
  }

  // --- Room tiles. Joining fetches the bundled twilio-video.js, so the page works offline until then. Every
  // participant's video (and our own camera) is streamed to the JVM over the mask-twilio relay socket
  // (mask4j-relay.js writes the frames); the JVM classifies and smooths them and the tiles show the result
  // from GET /api/participants.
  // ?standIn=NAME (tests, offline demos): "join" connects no Twilio room; the local camera stands in for a
  // remote participant NAME's subscribed track, the same way the relay page's camera mode does.
  const standIn = new URLSearchParams(location.search).get('standIn');
  let relay = null;
  let watcher = null;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src; s.onload = resolve; s.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  // One tile per video track (a participant sharing camera and screen has two), labelled with the track name.
  function tileOf(identity, track) {
    return document.querySelector('.tile[data-identity="' + CSS.escape(identity) + '"][data-track="'
      + CSS.escape(track) + '"]');
  }

  let kafkaMode = false;

  function tile(identity, track) {
    let t = tileOf(identity, track);
    if (!t) {
      t = document.createElement('div');
      t.className = 'tile';
      t.dataset.identity = identity;
      t.dataset.track = track;
      const who = document.createElement('div');
      who.className = 'who';
      who.textContent = identity + ' · ' + track;
      const mask = document.createElement('div');
      mask.className = 'mask';
      // serve --kafka: the frames go to Kafka workers and no label comes back to this page
      mask.textContent = kafkaMode ? 'classified on Kafka workers' : 'waiting for frames…';
      t.append(who, mask);
      $('tiles').appendChild(t);
    }
    return t;
  }

  // Edge mode's spot checks: a track whose labels disagree with the JVM's beyond the threshold is flagged.
  function showTileCheck(c) {
    const t = tileOf(c.identity, c.track);
    if (!t) { return; }
    t.dataset.checked = c.verified + '/' + c.agreed;
    t.classList.toggle('flagged', c.flagged);
    let note = t.querySelector('.check');
    if (!note) { note = document.createElement('div'); note.className = 'check'; t.appendChild(note); }
    note.textContent = (c.flagged ? 'labels disagree with the server: ' : 'checked: ') + c.agreed + '/' + c.verified
      + ' agree';
  }

  function showTileStatus(s) {
    const t = tileOf(s.identity, s.track);
    if (!t || t.dataset.paused) { return; } // left already, or paused (no new frames)
    const mask = t.querySelector('.mask');
    t.dataset.state = s.state;
    if (s.state === 'classified') {
      t.dataset.label = s.label;
      t.classList.toggle('with_mask', s.label === 'with_mask');
      t.classList.toggle('without_mask', s.label === 'without_mask');
      mask.textContent = s.label + ' ' + (s.confidence * 100).toFixed(0) + '%';
    } else {
      delete t.dataset.label;
      t.classList.remove('with_mask', 'without_mask');
      mask.textContent = 'classifier not trained yet';
    }
  }

  // remoteTrack (a twilio-video.js RemoteVideoTrack) lets the relay skip it while switched off or disabled
  function addVideo(identity, trackName, mediaStreamTrack, videoElement, remoteTrack) {
    const t = tile(identity, trackName);
    let v = videoElement;
    if (!v) {
      v = document.createElement('video');
      v.autoplay = true; v.muted = true; v.playsInline = true;
      v.srcObject = new MediaStream([mediaStreamTrack]);
    }
    t.insertBefore(v, t.firstChild);
    if (relay) { relay.addTrack(identity, trackName, mediaStreamTrack, v, remoteTrack); }
  }

  function removeVideo(identity, trackName) {
    if (relay) { relay.removeTrack(identity, trackName); }
    const t = tileOf(identity, trackName);
    if (t) { t.remove(); }
  }

  function pauseVideo(identity, trackName, live, why) {
    const t = tileOf(identity, trackName);
    if (!t) { return; }
    t.classList.toggle('paused', !live);
    if (live) { delete t.dataset.paused; } else { t.dataset.paused = why; t.querySelector('.mask').textContent = 'paused (' + why + ')'; }
  }

  // --- Edge mode. ?edge=off makes the page send frames even when the server offers edge mode.
  const edgeWanted = new URLSearchParams(location.search).get('edge') !== 'off';
  const edgeState = { mode: 'frames', reason: 'not started', model: null };
  window.mask4jEdge = edgeState; // for tests and the curious: mode, reason, model

  function showEdge() {
    $('edge-status').textContent = edgeState.mode === 'edge'
      ? 'edge mode: this page classifies with the exported model (version ' + edgeState.model.version + ', '
        + edgeState.model.labels.join(' / ') + ') and sends labels'
      : 'frames are classified in the JVM (' + edgeState.reason + ')';
  }

  // The exported classifier in onnxruntime-web: crops and resizes a canvas as mask4j does (largest centred
  // square, then the model's input size), and returns the most probable label.
  async function loadEdgeClassifier(verifyEvery) {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      throw new Error('this browser has no WebAssembly');
    }
    if (!window.ort) { await loadScript('/vendor/ort/ort.wasm.min.js'); }
    ort.env.wasm.wasmPaths = '/vendor/ort/';
    ort.env.wasm.numThreads = 1; // threads need a cross-origin-isolated page
    ort.env.wasm.proxy = false;
    const info = await api('GET', '/model.json');
    const res = await fetch(info.path, { credentials: 'same-origin' });
    if (!res.ok) { throw new Error('model ' + res.status); }
    const session = await ort.InferenceSession.create(new Uint8Array(await res.arrayBuffer()),
      { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const W = info.width, H = info.height;
    const input = document.createElement('canvas');
    input.width = W; input.height = H;
    const ctx = input.getContext('2d', { willReadFrequently: true });
    const rgb = new Uint8Array(W * H * 3);
    return {
      info: info, verifyEvery: verifyEvery,
      classify: async (source) => {
        let sx = 0, sy = 0, sw = source.width, sh = source.height;
        if (info.resizeMode === 'CENTER_CROP') {
          const side = Math.min(sw, sh);
          sx = Math.floor((sw - side) / 2); sy = Math.floor((sh - side) / 2); sw = side; sh = side;
        }
        ctx.drawImage(source, sx, sy, sw, sh, 0, 0, W, H);
        const rgba = ctx.getImageData(0, 0, W, H).data;
        for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
          rgb[j] = rgba[i]; rgb[j + 1] = rgba[i + 1]; rgb[j + 2] = rgba[i + 2];
        }
        const out = await session.run({ [info.input]: new ort.Tensor('uint8', rgb, [1, H, W, 3]) });
        const p = out[info.output].data;
        let best = 0;
        for (let i = 1; i < p.length; i++) { if (p[i] > p[best]) { best = i; } }
        return { label: info.labels[best], confidence: Math.min(1, Math.max(0, p[best])) };
      }
    };
  }

  // Edge mode if the server offers it and the page can: else (no WebAssembly, no model yet) frames.
  async function startEdge(r) {
    if (!r.edge || !edgeWanted) {
      edgeState.mode = 'frames';
      edgeState.reason = !edgeWanted ? 'edge mode turned off for this page' : 'the server does not offer edge mode';
      showEdge();
      return;
    }
    try {
      const edge = await loadEdgeClassifier(r.verifyEvery);
      edgeState.mode = 'edge'; edgeState.reason = null; edgeState.model = edge.info;
      if (relay) { relay.setEdge(edge); }
    } catch (e) {
      edgeState.mode = 'frames';
      edgeState.reason = 'edge mode unavailable: ' + e.message;
      if (relay) { relay.setEdge(null); }
    }
    showEdge();
  }

  async function openRelay(roomName) {
    const r = await api('POST', '/api/relay?room=' + encodeURIComponent(roomName));
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + r.path; // same port as the page
    relay = new Mask4jRelay({
      url: url, token: r.token, room: r.room, fps: r.fps,
      onClose: (e) => { if (room) { status('relay closed (' + e.code + '): tiles stop updating'); } },
      onMessage: (m) => { if (m.type === 'refused') { status('relay refused a frame: ' + m.reason); } },
      onFallback: (reason) => { edgeState.mode = 'frames'; edgeState.reason = reason; showEdge(); }
    });
    window.mask4jRelay = relay; // for tests: relay.stats
    await startEdge(r);
  }

  // The classifier changed (a training or a reset, from any page): an open relay loads the model again.
  let seenModelVersion = null;
  let reloading = false;
  async function watchModel(version) {
    const changed = seenModelVersion !== null && version !== seenModelVersion;
    seenModelVersion = version;
    if (!changed || !relay || reloading) { return; }
    reloading = true;
    try { await startEdge((await api('GET', '/api/state')).relay); } catch (e) { /* shown on next action */ }
    reloading = false;
  }

  async function join() {
    try {
      const name = $('room').value.trim();
      const identity = $('identity').value.trim();
      if (!window.Mask4jRelay) { await loadScript('/vendor/mask4j-relay.js'); }
      const camera = stream ? stream.getVideoTracks()[0] : null;
      if (standIn) {
        await openRelay(name);
        room = { name: name, localParticipant: { identity: identity || 'you' }, disconnect: () => {} };
        status('joined ' + name + ' (local stand-in: the camera plays participant ' + standIn + ')');
        if (camera) {
          addVideo(room.localParticipant.identity, 'camera', camera);
          addVideo(standIn, 'camera', camera.clone());
        }
      } else {
        const r = await api('POST', '/api/token?room=' + encodeURIComponent(name)
          + (identity ? '&identity=' + encodeURIComponent(identity) : ''));
        if (!window.Twilio || !window.Twilio.Video) {
          await loadScript('/vendor/twilio-video.min.js'); // bundled in the jar: no CDN needed
        }
        await openRelay(r.room);
        const tracks = camera ? [new Twilio.Video.LocalVideoTrack(camera, { name: 'camera' })] : [];
        // mask4j-relay.js follows the room: remote video tracks, pauses, rejoins after a dropped connection, and
        // leaving once nobody else has been there for 5 minutes (so Twilio can end the room)
        watcher = new Mask4jRoomWatcher({
          video: Twilio.Video, token: r.token, room: r.room, connectOptions: { tracks: tracks },
          emptyGraceMs: 5 * 60 * 1000, log: status,
          onTrack: (who, trackName, mst, remoteTrack) => addVideo(who, trackName, mst, remoteTrack.attach(), remoteTrack),
          onTrackGone: removeVideo, onTrackState: pauseVideo,
          onJoined: (joined) => {
            room = joined;
            status('joined room ' + joined.name + ' as ' + joined.localParticipant.identity);
            if (camera && !tileOf(joined.localParticipant.identity, 'camera')) {
              addVideo(joined.localParticipant.identity, 'camera', camera);
            }
          },
          onLeft: (reason) => { status('left the room: ' + reason); leave(); }
        });
        await watcher.start();
      }
      $('join').hidden = true; $('leave').hidden = false;
    } catch (e) { status('could not join: ' + e.message); }
  }

  function leave() {
    if (watcher) { const w = watcher; watcher = null; w.stop('left'); }
    if (relay) { relay.close(); relay = null; }
    if (room) { room.disconnect(); room = null; }
    $('tiles').textContent = '';
    $('join').hidden = false; $('leave').hidden = true;
  }

  // Statuses computed in the JVM (relayed frames, RoomMonitor, smoothing) for the tiles.
  async function pollParticipants() {
    if (room) {
      try {
        const r = await api('GET', '/api/participants');
        r.participants.forEach(showTileStatus);
        r.checks.forEach(showTileCheck);
        watchModel(r.modelVersion);
      } catch (e) { /* shown on the next action */ }
    }
    setTimeout(pollParticipants, 500);
  }

  async function init() {
    const state = await api('GET', '/api/state');
    kafkaMode = state.relay.classification === 'kafka';
    $('model').textContent = state.model;
    showCounts(state.counts);
    if (state.training.epochs.length) { showEpochs(state.training); }
    if (state.twilio.configured || standIn) {
      $('twilio-join').hidden = false;
      $('join').addEventListener('click', join);
      $('leave').addEventListener('click', leave);
    }
    if (!state.twilio.configured) {
      $('twilio-help').hidden = false;
      $('twilio-help').textContent = state.twilio.help;
    }
    document.querySelectorAll('button[data-label]').forEach((b) =>
      b.addEventListener('click', () => add(b.dataset.label)));
    $('reset').addEventListener('click', async () => {
      try { showCounts((await api('DELETE', '/api/examples')).counts); $('loss-log').textContent = ''; status('reset'); }
      catch (e) { status('could not reset: ' + e.message); }
    });
    $('train').addEventListener('click', train);
    $('save').addEventListener('click', save);
    $('predict').addEventListener('click', togglePredict);
    pollParticipants();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: false });
      video.srcObject = stream;
      $('camera-status').textContent = 'camera on';
    } catch (e) {
      $('camera-status').textContent = 'no camera: ' + e.message;
    }
  }

  init().catch((e) => status('could not start: ' + e.message));
})();
