#!/usr/bin/env node
/**
 * Linli's Wechaty gateway: the official PuppetServer (puppet-service gRPC) in front of a real
 * puppet that logs into the bot's WeChat account. Linli (python-wechaty) connects to it with
 * WECHATY_PUPPET_SERVICE_TOKEN / WECHATY_PUPPET_SERVICE_ENDPOINT.
 *
 * Environment:
 *   WECHATY_PUPPET                   puppet package (default wechaty-puppet-padlocal)
 *   WECHATY_PUPPET_PADLOCAL_TOKEN    the puppet's own token (read by the padlocal puppet)
 *   WECHATY_PUPPET_SERVICE_TOKEN     the token Linli must present (make it long and random)
 *   LINLI_GATEWAY_LISTEN             host:port to serve on (default 127.0.0.1:8788)
 *   LINLI_GATEWAY_STATE_DIR          where the login QR code is written (default: cwd)
 *
 * TLS is off because python-wechaty 0.10.7 speaks plain HTTP/2 only: listen on loopback or a
 * private network (the compose file's internal network), never on a public address.
 * Pinned to wechaty-puppet-service 1.19.9: it still carries the compatibility layers (token in
 * `:authority`, deprecated message fields) that the old python client needs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'

import qrcodeTerminal from 'qrcode-terminal'
import { PuppetServer } from 'wechaty-puppet-service'

const puppetName = process.env.WECHATY_PUPPET || 'wechaty-puppet-padlocal'
const token = process.env.WECHATY_PUPPET_SERVICE_TOKEN
const endpoint = process.env.LINLI_GATEWAY_LISTEN || '127.0.0.1:8788'
const stateDir = process.env.LINLI_GATEWAY_STATE_DIR || process.cwd()

if (!token || token.length < 16) {
  console.error('WECHATY_PUPPET_SERVICE_TOKEN must be set (16+ random characters); '
    + 'Linli uses the same value.')
  process.exit(2)
}

const { default: Puppet } = await import(puppetName)
const puppet = new Puppet()

puppet.on('scan', ({ qrcode, status }) => {
  // status 2 = Waiting, 5 = Timeout: a fresh code to scan with the bot's phone.
  if (!qrcode || ![2, 5].includes(status)) {
    console.log(`[gateway] scan status ${status}`)
    return
  }
  mkdirSync(stateDir, { recursive: true })
  writeFileSync(join(stateDir, 'login-qrcode.txt'), qrcode + '\n')
  console.log('[gateway] 请用机器人的微信扫描下面的二维码登录 (scan with the bot account):')
  qrcodeTerminal.generate(qrcode, { small: true }, ascii => console.log(ascii))
  console.log(`[gateway] QR payload (render locally: qrencode -t ansiutf8 '<payload>'): ${qrcode}`)
})
puppet.on('login', ({ contactId }) => console.log(`[gateway] logged in as ${contactId}`))
puppet.on('logout', ({ contactId, data }) => console.log(`[gateway] logged out ${contactId}: ${data}`))
puppet.on('error', (e) => console.error('[gateway] puppet error:', e?.data || e))

const server = new PuppetServer({ endpoint, puppet, token, tls: { disable: true } })

let stopping = false
async function shutdown (signal) {
  if (stopping) return
  stopping = true
  console.log(`[gateway] ${signal}: stopping`)
  try { await server.stop() } catch (e) { console.error(e) }
  try { await puppet.stop() } catch (e) { console.error(e) }
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))

await server.start()
// The puppet starts when Linli connects (the client calls start()); the QR code appears then.
console.log(`[gateway] ${puppetName} served on ${endpoint} (TLS off: keep it private)`)
