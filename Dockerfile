# Production image: `docker compose up` runs app + worker on Postgres and Redis.
FROM node:20-bookworm-slim
# Chromium is only needed for whatsapp-web.js (WHATSAPP_WEB=1): build with --build-arg WITH_CHROMIUM=1.
ARG WITH_CHROMIUM=0
RUN if [ "$WITH_CHROMIUM" = "1" ]; then apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*; fi
ENV NODE_ENV=production PUPPETEER_SKIP_DOWNLOAD=1 HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY migrations ./migrations
COPY flows ./flows
COPY prompts ./prompts
COPY data ./data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/atende.mjs", "serve"]
