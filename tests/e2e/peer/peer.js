#!/usr/bin/env node
/**
 * A mock WeChat served over the real Wechaty puppet-service gRPC protocol, for Linli's
 * end-to-end tests and benchmarks.
 *
 *   node peer.js --fixture fixture.json --port 34567 --token insecure_linli_test
 *
 * The official packages do the protocol (wechaty-puppet-service's PuppetServer in front of
 * wechaty-puppet-mock's PuppetMock); this file only builds the world from a fixture and gives
 * the test a control channel: JSON lines, commands on stdin, replies and events on stdout.
 * Everything else (Wechaty's own logs included) goes to stderr, so stdout stays parseable.
 *
 * Command:  {"id": 1, "cmd": "say", ...}
 * Reply:    {"t": "reply", "id": 1, "ok": true, "result": ...}   (or "ok": false, "error": "...")
 * Event:    {"t": "event", "event": "bot_said", ...}
 * See README.md next to this file for the full list.
 */
import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import process from 'node:process'

// Wechaty's logger writes through console.*; keep all of it off the protocol channel.
for (const name of ['log', 'info', 'debug', 'warn']) {
  console[name] = (...args) => console.error(...args)
}

const { PuppetMock, mock } = await import('wechaty-puppet-mock')
const { PuppetServer } = await import('wechaty-puppet-service')
const PUPPET = await import('wechaty-puppet')
const { FileBox } = await import('file-box')

function parseArgs (argv) {
  const args = {}
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`bad argument: ${argv[i]}`)
    args[argv[i].slice(2)] = argv[i + 1]
  }
  for (const required of ['fixture', 'port', 'token']) {
    if (!args[required]) throw new Error(`missing --${required}`)
  }
  return args
}

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

const args = parseArgs(process.argv.slice(2))
const fixture = JSON.parse(readFileSync(args.fixture, 'utf8'))
const botId = fixture.bot.id

/** Everything the bot sent, in order; `seq` lets a test read "what came after X". */
const said = []
let seq = 0

/** Whether sent messages come back as the bot's own message events (padlocal does; see
 * deploy/README.md); `configure` turns it off to stand for a puppet that does not. */
let echoSelf = true
/** Set by `drop_after_send`: the next send is accepted, then every connection is dropped
 * before its answer goes out, and the server comes back on the same port. */
let dropNext = null
/** Echoes of dropped sends kept back (`drop_after_send` with `echo: "later"`) until
 * `release_echoes`: a gateway that hands a returning client what it missed. */
const keptEchoes = []

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

/**
 * The stock PuppetMock.messageSendText returns no message id and drops mentionIdList; the
 * python client then asks for the payload of message "" and the mention is lost. Creating
 * the message through the mocker keeps both, and echoes it back to the bot like WeChat does.
 */
class LinliPuppetMock extends PuppetMock {
  async messageSendText (conversationId, text, mentionIdList) {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const isRoom = conversationId.includes('@')
    // Look the conversation up first so a send to an unknown room or contact fails like WeChat.
    if (isRoom) this.mocker.RoomMock.load(conversationId)
    else this.mocker.ContactMock.load(conversationId)
    const payload = {
      id: randomUUID(),
      talkerId: this.currentUserId,
      text,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Text,
      ...(isRoom
        ? { mentionIdList: [...(mentionIdList || [])], roomId: conversationId }
        : { listenerId: conversationId }),
    }
    this.mocker.MessageMock.create(payload)
    const record = {
      seq: ++seq,
      hr: performance.now(), // monotonic ms, for latency figures
      messageId: payload.id,
      roomId: payload.roomId || null,
      listenerId: payload.listenerId || null,
      text,
      mentionIdList: payload.mentionIdList || [],
      timestamp: payload.timestamp,
    }
    const drop = dropNext
    dropNext = null
    if (drop) record.dropped = true
    said.push(record)
    emit({ t: 'event', event: 'bot_said', ...record })
    if (drop?.echo === 'later') keptEchoes.push(payload.id)
    else if (echoSelf) this.emit('message', { messageId: payload.id })
    if (drop) {
      // Accepted (WeChat has it), then the connection goes before the answer does: the
      // echo, if any, has had `delayMs` to reach the bot on the event stream.
      await sleep(drop.delayMs)
      await restartServer()
      emit({ t: 'event', event: 'send_dropped', seq: record.seq, messageId: payload.id })
    }
    return payload.id
  }

  /**
   * A file the bot sends (a photo as proof of work): the server has already turned the
   * protocol's FileBox JSON back into a FileBox; its bytes are read and reported as a
   * `bot_sent_file` event (name, size, sha256 of the bytes), not echoed back.
   */
  async messageSendFile (conversationId, fileBox) {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const isRoom = conversationId.includes('@')
    if (isRoom) this.mocker.RoomMock.load(conversationId)
    else this.mocker.ContactMock.load(conversationId)
    const data = await fileBox.toBuffer()
    const record = {
      seq: ++seq,
      hr: performance.now(),
      messageId: randomUUID(),
      roomId: isRoom ? conversationId : null,
      listenerId: isRoom ? null : conversationId,
      name: fileBox.name,
      mediaType: fileBox.mediaType,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      timestamp: Date.now(),
    }
    emit({ t: 'event', event: 'bot_sent_file', ...record })
    return record.messageId
  }

  /**
   * The file a member sent (send_non_text with `base64`), served the way WeChat's gateways
   * serve it: the server serializes the FileBox as base64 JSON over the real protocol.
   */
  async messageImage (messageId, imageType) {
    const box = attachments.get(messageId)
    return box ? box() : super.messageImage(messageId, imageType)
  }

  async messageFile (messageId) {
    const box = attachments.get(messageId)
    return box ? box() : super.messageFile(messageId)
  }

  /** Like WeChat: the rooms the bot is in, not every room the mocker knows. */
  async roomList () {
    return [...this.mocker.cacheRoomPayload.values()]
      .filter(r => r.memberIdList.includes(this.currentUserId))
      .map(r => r.id)
  }

  /** Room aliases (群昵称) from the fixture, so mentions can name members as the group sees them. */
  async roomMemberRawPayload (roomId, contactId) {
    const payload = await super.roomMemberRawPayload(roomId, contactId)
    const alias = roomAliases.get(roomId)?.get(contactId)
    return alias ? { ...payload, roomAlias: alias } : payload
  }
}

const mocker = new mock.Mocker()
/** message id -> a function making that message's FileBox (a fresh one per download). */
const attachments = new Map()
const roomAliases = new Map()

function buildWorld () {
  mocker.createContact({ id: botId, name: fixture.bot.name })
  for (const c of fixture.contacts) {
    if (c.id === botId) continue
    mocker.createContact({ id: c.id, name: c.name, alias: undefined, weixin: c.weixin })
  }
  for (const r of fixture.rooms) createRoom(r)
}

function createRoom (r) {
  if (!r.id.includes('@')) throw new Error(`room id must contain "@": ${r.id}`)
  const room = mocker.createRoom({
    adminIdList: [],
    id: r.id,
    memberIdList: [...r.memberIds],
    ownerId: r.ownerId,
    topic: r.topic,
  })
  roomAliases.set(r.id, new Map(Object.entries(r.aliases || {})))
  return room
}

let loginCount = 0
/**
 * The python client calls stop() then start() on connect, and the mocker re-runs its
 * behaviours on every start, so this hook is where the bot logs in. PuppetMock never
 * emits `ready` on its own.
 */
mocker.use(() => {
  if (!puppet.isLoggedIn && autoLogin) {
    mocker.login(mocker.ContactMock.load(botId))
    loginCount += 1
    puppet.emit('ready', { data: 'ready' })
  }
  emit({ t: 'event', event: 'puppet_started', loginCount })
  return () => undefined
})

let autoLogin = true
const puppet = new LinliPuppetMock({ mocker })
buildWorld()

const endpoint = `127.0.0.1:${args.port}`
let server = new PuppetServer({ endpoint, puppet, token: args.token, tls: { disable: true } })

async function restartServer () {
  await server.stop()
  server = new PuppetServer({ endpoint, puppet, token: args.token, tls: { disable: true } })
  await server.start()
}

function contact (id) { return mocker.ContactMock.load(id) }
function room (id) { return mocker.RoomMock.load(id) }

const NON_TEXT_TYPES = {
  image: PUPPET.types.Message.Image,
  voice: PUPPET.types.Message.Audio,
  video: PUPPET.types.Message.Video,
  emoticon: PUPPET.types.Message.Emoticon,
  url: PUPPET.types.Message.Url,
  file: PUPPET.types.Message.Attachment,
  mini_program: PUPPET.types.Message.MiniProgram,
}

/** A member's message, built like ContactMock.say() builds it, but with our own id returned. */
function memberMessage ({ from, room: roomId, text, mentions, type, file }) {
  contact(from)
  const payload = {
    id: randomUUID(),
    talkerId: from,
    timestamp: Date.now(),
    type,
    text,
    ...(roomId
      ? { roomId: room(roomId).id, mentionIdList: mentions || [] }
      : { listenerId: botId }),
  }
  mocker.MessageMock.create(payload)
  if (file) attachments.set(payload.id, () => FileBox.fromBase64(file.base64, file.name))
  const hr = performance.now() // monotonic ms, taken as the message leaves for the bot
  puppet.emit('message', { messageId: payload.id })
  return { messageId: payload.id, timestamp: payload.timestamp, hr }
}

const commands = {
  ping: () => ({ pong: true, port: Number(args.port) }),

  /** `echo` (bool): whether the bot's sent messages come back as its own message events. */
  configure: ({ echo }) => {
    if (typeof echo === 'boolean') echoSelf = echo
    return { echo: echoSelf }
  },

  /** The next send is accepted, then all connections drop before its answer (see above). */
  drop_after_send: ({ delayMs, echo }) => {
    dropNext = { delayMs: Number(delayMs ?? 300), echo: echo === 'later' ? 'later' : 'now' }
    return { armed: true }
  },

  /** Emit the echoes `drop_after_send` kept back, now that the bot is connected again. */
  release_echoes: () => {
    const ids = keptEchoes.splice(0)
    for (const messageId of ids) puppet.emit('message', { messageId })
    return { released: ids.length }
  },

  /** A message from the bot's own account (typed on its phone, or an echo from a time of
   * our choosing): `room` or `to`, `text`, `ageMs` (how long ago it was stamped). */
  self_say: ({ room: roomId, to, text, ageMs }) => {
    if (typeof text !== 'string') throw new Error('self_say needs text')
    const payload = {
      id: randomUUID(),
      talkerId: botId,
      timestamp: Date.now() - Number(ageMs || 0),
      type: PUPPET.types.Message.Text,
      text,
      ...(roomId ? { roomId: room(roomId).id, mentionIdList: [] } : { listenerId: contact(to).id }),
    }
    mocker.MessageMock.create(payload)
    puppet.emit('message', { messageId: payload.id })
    return { messageId: payload.id, timestamp: payload.timestamp }
  },

  /** A message as a broken or unusual puppet might report it (fault probes): `payload`
   * fields are taken as they are (any type, unknown talker or room, no text, a huge text);
   * with `noPayload` the event names a message id the puppet cannot serve. */
  raw_message: ({ payload, noPayload }) => {
    const id = randomUUID()
    // Straight into the payload cache: MessageMock.create would refuse a talker or room
    // the mocker does not know, which is the point here.
    if (!noPayload) mocker.cacheMessagePayload.set(id, { timestamp: Date.now(), ...(payload || {}), id })
    puppet.emit('message', { messageId: id })
    return { messageId: id }
  },

  /** Any event with any payload, as the puppet would emit it (fault probes). */
  emit: ({ event, payload }) => {
    puppet.emit(event, payload)
    return { emitted: event }
  },

  say: ({ from, room: roomId, text, mentions }) => {
    if (typeof text !== 'string') throw new Error('say needs text')
    return memberMessage({ from, room: roomId, text, mentions, type: PUPPET.types.Message.Text })
  },

  send_non_text: ({ from, room: roomId, kind, base64, name }) => {
    const type = NON_TEXT_TYPES[kind]
    if (type === undefined) throw new Error(`unknown kind ${kind}`)
    if (base64 !== undefined && typeof base64 !== 'string') throw new Error('base64 must be a string')
    const file = base64 ? { base64, name: name || `${kind}.dat` } : undefined
    return memberMessage({ from, room: roomId, text: '', type, file })
  },

  rename_room: ({ room: roomId, topic, by }) => {
    room(roomId).topic(topic).by(contact(by || botId))
    return { roomId, topic }
  },

  create_room: ({ room: r, addBot, by }) => {
    const created = createRoom({ ...r, memberIds: r.memberIds.filter(id => id !== botId) })
    if (addBot) created.add(contact(botId)).by(contact(by || r.memberIds[0]))
    return { roomId: r.id }
  },

  add_bot: ({ room: roomId, by }) => {
    room(roomId).add(contact(botId)).by(contact(by))
    return { roomId }
  },

  remove_bot: ({ room: roomId, by }) => {
    room(roomId).remove(contact(botId)).by(contact(by))
    return { roomId }
  },

  room_info: ({ room: roomId }) => {
    const p = mocker.roomPayload(roomId)
    return { id: p.id, topic: p.topic, memberIds: p.memberIdList }
  },

  said: ({ since }) => said.filter(r => r.seq > (since || 0)),

  status: () => ({ loggedIn: puppet.isLoggedIn, loginCount, said: said.length, lastSeq: seq }),

  logout: async () => {
    autoLogin = false
    await puppet.logout('logged out by the test')
    return { loggedIn: puppet.isLoggedIn }
  },

  login: () => {
    autoLogin = true
    if (!puppet.isLoggedIn) {
      mocker.login(contact(botId))
      loginCount += 1
      puppet.emit('ready', { data: 'ready' })
    }
    return { loggedIn: puppet.isLoggedIn }
  },

  /** Drop every client connection and serve again on the same port (a gateway restart). */
  restart_server: async () => {
    await restartServer()
    return { endpoint }
  },

  exit: async () => {
    setImmediate(shutdown)
    return { exiting: true }
  },
}

async function handle (line) {
  let msg
  try {
    msg = JSON.parse(line)
  } catch (e) {
    emit({ t: 'reply', id: null, ok: false, error: `bad json: ${e.message}` })
    return
  }
  const fn = commands[msg.cmd]
  if (!fn) {
    emit({ t: 'reply', id: msg.id ?? null, ok: false, error: `unknown cmd ${msg.cmd}` })
    return
  }
  try {
    const result = await fn(msg)
    emit({ t: 'reply', id: msg.id ?? null, ok: true, result })
  } catch (e) {
    emit({ t: 'reply', id: msg.id ?? null, ok: false, error: String(e?.message || e) })
  }
}

let shuttingDown = false
async function shutdown () {
  if (shuttingDown) return
  shuttingDown = true
  try { await server.stop() } catch (e) { console.error('stop:', e) }
  process.exit(0)
}

process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

await server.start()
createInterface({ input: process.stdin }).on('line', line => {
  if (line.trim()) void handle(line)
}).on('close', shutdown)
emit({ t: 'event', event: 'listening', endpoint, pid: process.pid })
