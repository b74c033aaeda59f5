// A scripted stand-in for twilio-video.js (window.Twilio.Video), injected before the relay page's scripts by
// RelayTwilioPageTest. It offers what the page uses of the real SDK (Video.connect, Room with participants, events
// participantConnected/participantDisconnected/disconnected, RemoteParticipant with tracks and the track events,
// RemoteVideoTrack with kind, name, mediaStreamTrack, isSwitchedOff, isEnabled, attach(); LocalVideoTrack) and lets the
// test drive them through window.fakeTwilio. Video comes from canvases showing test images. Also used by mask-examples'
// WebDemoBrowserTest (read from this module's source tree).
(function () {
  'use strict';
  function Emitter() { this.handlers = {}; }
  Emitter.prototype.on = function (event, f) { (this.handlers[event] = this.handlers[event] || []).push(f); return this; };
  Emitter.prototype.emit = function (event) {
    const args = Array.prototype.slice.call(arguments, 1);
    (this.handlers[event] || []).slice().forEach((f) => f.apply(null, args));
  };

  const images = {};
  const state = { connects: [], disconnects: 0, room: null, people: new Map() }; // identity -> Map(trackName -> track)

  function makeTrack(name, imageName) {
    const canvas = document.createElement('canvas');
    canvas.width = 320; canvas.height = 240;
    const ctx = canvas.getContext('2d');
    let tick = 0;
    const draw = () => {
      const img = images[imageName];
      if (img && img.complete) { ctx.drawImage(img, 0, 0, 320, 240); } else { ctx.fillStyle = '#777'; ctx.fillRect(0, 0, 320, 240); }
      ctx.fillStyle = (tick++ % 2) ? '#000' : '#fff'; ctx.fillRect(0, 0, 1, 1); // a changing pixel keeps frames coming
    };
    draw();
    setInterval(draw, 100);
    const t = new Emitter();
    t.kind = 'video'; t.name = name; t.sid = 'MT' + name + Math.random().toString(16).slice(2);
    t.isSwitchedOff = false; t.isEnabled = true;
    t.mediaStreamTrack = canvas.captureStream(10).getVideoTracks()[0];
    t.attach = function () {
      const v = document.createElement('video');
      v.autoplay = true; v.muted = true; v.playsInline = true;
      v.srcObject = new MediaStream([t.mediaStreamTrack]);
      return v;
    };
    return t;
  }

  function participantIn(room, identity) {
    let p = Array.from(room.participants.values()).find((x) => x.identity === identity);
    if (!p) {
      p = new Emitter();
      p.identity = identity; p.sid = 'PA' + identity; p.tracks = new Map();
      (state.people.get(identity) || new Map()).forEach((t) => p.tracks.set(t.sid, { trackName: t.name, kind: 'video', track: t }));
      room.participants.set(p.sid, p);
    }
    return p;
  }

  function Room(name, identity) {
    Emitter.call(this);
    this.name = name; this.sid = 'RMfake'; this.state = 'connected';
    this.localParticipant = { identity: identity };
    this.participants = new Map();
  }
  Room.prototype = Object.create(Emitter.prototype);
  Room.prototype.disconnect = function () {
    if (this.state === 'disconnected') { return this; }
    this.state = 'disconnected';
    state.disconnects++;
    this.emit('disconnected', this, null);
    return this;
  };

  function LocalVideoTrack(mediaStreamTrack, options) {
    this.kind = 'video'; this.mediaStreamTrack = mediaStreamTrack; this.name = (options && options.name) || 'video';
  }

  window.Twilio = { Video: { version: 'fake', LocalVideoTrack: LocalVideoTrack, connect: function (token, options) {
    state.connects.push({ token: token, options: options });
    // each connection gets new participant objects, as the real SDK does
    const room = new Room(options.name, 'mask4j-monitor-test');
    state.people.forEach((tracks, identity) => participantIn(room, identity));
    state.room = room;
    return Promise.resolve(room);
  } } };

  function track(identity, trackName) {
    const t = state.people.get(identity).get(trackName);
    const p = participantIn(state.room, identity);
    return { t: t, p: p, pub: { trackName: trackName, kind: 'video', track: t } };
  }

  window.fakeTwilio = {
    state: state,
    image: function (name, dataUrl) { const img = new Image(); img.src = dataUrl; images[name] = img; },
    join: function (identity) {
      state.people.set(identity, state.people.get(identity) || new Map());
      if (state.room) {
        const had = Array.from(state.room.participants.values()).some((x) => x.identity === identity);
        const p = participantIn(state.room, identity);
        if (!had) { state.room.emit('participantConnected', p); }
      }
    },
    publish: function (identity, trackName, imageName) {
      const t = makeTrack(trackName, imageName);
      state.people.get(identity).set(trackName, t);
      const p = participantIn(state.room, identity);
      const pub = { trackName: trackName, kind: 'video', track: t };
      p.tracks.set(t.sid, pub);
      p.emit('trackSubscribed', t, pub, p);
    },
    switchOff: function (identity, trackName, off) {
      const x = track(identity, trackName);
      x.t.isSwitchedOff = off;
      x.p.emit(off ? 'trackSwitchedOff' : 'trackSwitchedOn', x.t, x.pub);
    },
    enable: function (identity, trackName, on) {
      const x = track(identity, trackName);
      x.t.isEnabled = on;
      x.p.emit(on ? 'trackEnabled' : 'trackDisabled', x.t, x.pub);
    },
    leave: function (identity) {
      const p = participantIn(state.room, identity);
      state.people.delete(identity);
      state.room.participants.delete(p.sid);
      state.room.emit('participantDisconnected', p);
    },
    drop: function (code, message) {
      const room = state.room;
      room.state = 'disconnected';
      const e = new Error(message);
      e.code = code;
      room.emit('disconnected', room, e);
    }
  };
})();
