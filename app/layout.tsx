import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "Movie recommender", description: "Find a movie, get movies like it." };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-950 text-slate-100">{children}</body>
    </html>
  );
}
