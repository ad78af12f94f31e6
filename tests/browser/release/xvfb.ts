import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';

/**
 * A virtual X display for headful Chromium: the browser's own permission prompt exists only in a real
 * window. Xvfb keeps its screen in a memory-mapped XWD file (`-fbdir`), so the tests can see what is
 * on screen without any image tool, and xdotool moves and clicks the real pointer.
 */
export interface VirtualDisplay {
  /** `:N`, for the DISPLAY variable. */
  display: string;
  /** The screen's pixels as they are now. */
  capture(): Promise<Screen>;
  /**
   * A real pointer click (X input events, as a user's mouse makes them). The pointer then leaves for the
   * screen's corner: left hovering, it would change the colour of whatever appears under it next.
   */
  click(x: number, y: number): Promise<void>;
  /** Real key presses (X input events), e.g. `alt+shift+d`: they go to the window with the keyboard focus. */
  key(keys: string): Promise<void>;
  /**
   * Gives the keyboard focus to the first visible window of an X class (`firefox`), as a click on its
   * title bar would: with no window manager, nothing gives it back once a popup that had it closed.
   */
  focusWindow(windowClass: string): Promise<void>;
  /** Saves the screen as a PNG, to see what a failing test saw. */
  screenshot(path: string): Promise<void>;
  stop(): Promise<void>;
}

export interface Screen {
  width: number;
  height: number;
  /** Red, green, blue at a point. */
  pixel(x: number, y: number): [number, number, number];
}

const run = promisify(execFile);

export async function startVirtualDisplay(width = 1280, height = 900): Promise<VirtualDisplay> {
  const fbdir = await mkdtemp(join(tmpdir(), 'immich-doctor-xvfb-'));
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-fbdir', fbdir], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = `:${await displayNumber(xvfb)}`;
  const env = { ...process.env, DISPLAY: display };
  // A click, a key or a focus change takes milliseconds: one that hangs fails here, not at the test's timeout.
  const xdotool = (...args: string[]) => run('xdotool', args, { env, timeout: 5_000 });
  const capture = async () => parseXwd(await readFile(join(fbdir, 'Xvfb_screen0')));
  return {
    display,
    capture,
    async click(x, y) {
      await xdotool('mousemove', String(Math.round(x)), String(Math.round(y)));
      await xdotool('click', '1');
      await xdotool('mousemove', String(width - 1), String(height - 1));
    },
    async key(keys) {
      await xdotool('key', keys);
    },
    async focusWindow(windowClass) {
      await xdotool('search', '--onlyvisible', '--class', windowClass, 'windowfocus', '--sync', '%1');
    },
    async screenshot(path) {
      await writeFile(path, encodePng(await capture()));
    },
    async stop() {
      // Waited for: a display left running would outlive the test run and its screen file.
      const exited = new Promise((resolve) => xvfb.once('exit', resolve));
      if (xvfb.exitCode === null && xvfb.kill()) await exited;
      await rm(fbdir, { recursive: true, force: true });
    },
  };
}

function displayNumber(xvfb: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.trim());
    });
    xvfb.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${errors.trim()}`)));
  });
}

/**
 * Xvfb's screen file is an XWD dump (X11 `XWDFileHeader`, big-endian): header, colour map, then
 * rows of 32-bit pixels, least significant byte first (blue, green, red, unused) on this server.
 */
function parseXwd(file: Buffer): Screen {
  const headerSize = file.readUInt32BE(0);
  const width = file.readUInt32BE(16);
  const height = file.readUInt32BE(20);
  const bytesPerLine = file.readUInt32BE(48);
  const colourMapEntries = file.readUInt32BE(76);
  const start = headerSize + colourMapEntries * 12;
  return {
    width,
    height,
    pixel(x, y) {
      const offset = start + y * bytesPerLine + x * 4;
      return [file[offset + 2]!, file[offset + 1]!, file[offset]!];
    },
  };
}

/** A minimal RGB PNG (signature, IHDR, one IDAT, IEND): enough for a debugging screenshot. */
function encodePng(screen: Screen): Buffer {
  const { width, height } = screen;
  const rowBytes = width * 3 + 1;
  const raw = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(screen.pixel(x, y), y * rowBytes + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // truecolour RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
