# The Wechaty gateway: PuppetServer in front of a real puppet (padlocal by default).
# Build context: deploy/wechaty/gateway (see compose.yaml).
FROM node:20-bookworm-slim
WORKDIR /opt/gateway
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: nothing in this tree needs an install script to serve the protocol.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY gateway.js ./
# The puppet keeps its login session (memory card) in the working directory.
WORKDIR /var/lib/linli-gateway
USER node
CMD ["node", "/opt/gateway/gateway.js"]
