// A tiny HTTP server for the example images.
const http = require('node:http');
const port = Number(process.env.PORT ?? 8080);
http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(req.url === '/health' ? 'ok\n' : 'Hello from the Dockerfile Lens example\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
