// mask4j web demo: the page only captures frames; the JVM does all the machine learning.
(function () {
  'use strict';
  const TWILIO_CDN = 'https://sdk.twilio.com/js/video/releases/2.31.0/twilio-video.min.js';
  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const canvas = $('canvas');
  let stream = null;
  let predicting = false;
  let room = null;
  let lastLocal = null;

  function status(text) { $('status').textContent = text; }

  async function api(method, path, body) {
    const opts = { method: method };
    if (body) { opts.body = body; opts.headers = { 'Content-Type': 'image/jpeg' }; }
    const res = await fetch(path, opts);
    const json = await res.json();
    if (!res.ok) { throw new Error(json.error || res.statusText); }
    return json;
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
      const r = await api('POST', '/api/examples?label=' + encodeURIComponent(label), blob);
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
    try { const r = await api('POST', '/api/save'); status('saved to ' + r.path); }
    catch (e) { status('could not save: ' + e.message); }
  }

  async function predictLoop() {
    while (predicting) {
      try {
        const r = await api('POST', '/api/predict', await frame());
        const label = $('label');
        label.textContent = r.label;
        label.className = r.label;
        $('confidence').textContent = (r.confidence * 100).toFixed(1) + '%';
        lastLocal = r;
        updateLocalTile();
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

  // --- Twilio Video: the SDK is fetched only when joining, so the page works offline. ---
  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src; s.onload = resolve; s.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  function tile(identity) {
    let t = document.querySelector('.tile[data-identity="' + CSS.escape(identity) + '"]');
    if (!t) {
      t = document.createElement('div');
      t.className = 'tile';
      t.dataset.identity = identity;
      const who = document.createElement('div');
      who.className = 'who';
      who.textContent = identity;
      t.appendChild(who);
      $('tiles').appendChild(t);
    }
    return t;
  }

  function setTileStatus(identity, label, confidence) {
    const who = tile(identity).querySelector('.who');
    who.textContent = identity + ': ' + label + ' ' + (confidence * 100).toFixed(0) + '%';
  }

  function updateLocalTile() {
    if (room && lastLocal) { setTileStatus(room.localParticipant.identity + ' (you)', lastLocal.label, lastLocal.confidence); }
  }

  function attachParticipant(p) {
    const t = tile(p.identity);
    const attach = (track) => { if (track.kind === 'video') { t.insertBefore(track.attach(), t.firstChild); } };
    p.tracks.forEach((pub) => { if (pub.track) { attach(pub.track); } });
    p.on('trackSubscribed', attach);
  }

  async function join(state) {
    try {
      const name = $('room').value.trim();
      const identity = $('identity').value.trim();
      const r = await api('POST', '/api/token?room=' + encodeURIComponent(name)
        + (identity ? '&identity=' + encodeURIComponent(identity) : ''));
      if (!window.Twilio || !window.Twilio.Video) {
        await loadScript(state.twilio.vendoredSdk ? '/vendor/twilio-video.min.js' : TWILIO_CDN);
      }
      const tracks = stream ? stream.getTracks().map((t) => new Twilio.Video.LocalVideoTrack(t)) : [];
      room = await Twilio.Video.connect(r.token, { name: r.room, tracks: tracks });
      status('joined room ' + room.name + ' as ' + room.localParticipant.identity);
      room.participants.forEach(attachParticipant);
      room.on('participantConnected', attachParticipant);
      room.on('participantDisconnected', (p) => { const t = tile(p.identity); t.remove(); });
      $('join').hidden = true; $('leave').hidden = false;
    } catch (e) { status('could not join: ' + e.message); }
  }

  function leave() {
    if (room) { room.disconnect(); room = null; }
    $('tiles').textContent = '';
    $('join').hidden = false; $('leave').hidden = true;
  }

  // Statuses published by the server (e.g. mask-twilio classifying the room's tracks) for the tiles.
  async function pollParticipants() {
    if (room) {
      try {
        const r = await api('GET', '/api/participants');
        r.participants.forEach((p) => setTileStatus(p.identity, p.label, p.confidence));
      } catch (e) { /* shown on the next action */ }
    }
    setTimeout(pollParticipants, 1000);
  }

  async function init() {
    const state = await api('GET', '/api/state');
    $('model').textContent = state.model;
    showCounts(state.counts);
    if (state.training.epochs.length) { showEpochs(state.training); }
    if (state.twilio.configured) {
      $('twilio-join').hidden = false;
      $('join').addEventListener('click', () => join(state));
      $('leave').addEventListener('click', leave);
    } else {
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
